package io.rechargenotify.account.recharge;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.domain.AccountService;
import io.rechargenotify.account.rechargeapi.RechargeGateway;
import io.rechargenotify.account.rechargeapi.RechargeRejectedException;
import io.rechargenotify.account.rechargeapi.RemoteRechargeRequest;
import io.rechargenotify.shared.value.Money;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Recharges an account asks for: recorded PENDING here first (so nothing is ever charged that this service does not
 * know about), then submitted to recharge-service with the recorded txNo. The result arrives as a notification, or
 * the stale-pending reconciler fetches it; a failed or timed-out submission leaves the recharge PENDING, never
 * FAILED.
 */
@ApplicationScoped
public class AccountRechargeService {

    private final AccountRechargeRepository recharges;
    private final AccountService accounts;
    private final RechargeGateway gateway;
    private final Clock clock;
    private final AccountConfig.Reconciliation.Pending pending;

    public AccountRechargeService(AccountRechargeRepository recharges, AccountService accounts,
            RechargeGateway gateway, Clock clock, AccountConfig config) {
        this.recharges = recharges;
        this.accounts = accounts;
        this.gateway = gateway;
        this.clock = clock;
        this.pending = config.reconciliation().pending();
    }

    /** Records the recharge and submits it; the item is the recharge as recorded (PENDING). */
    public Uni<AccountRecharge> start(String accountNo, BigDecimal amount) {
        return recordPending(accountNo, Money.normalize(amount)).call(this::submit);
    }

    /** The account's recharges started here (see {@link AccountRechargeRepository#page}); 404 for no such account. */
    @WithSession
    public Uni<List<AccountRecharge>> page(String accountNo, Optional<AccountRechargeStatus> status,
            Optional<AccountRechargeRepository.Position> after, int limit) {
        return accounts.find(accountNo).chain(account -> recharges.page(
                AccountRechargeRepository.Filter.account(accountNo, status), after, limit));
    }

    /**
     * Every account's recharges in {@code status}, oldest first, those started before {@code createdBefore} if given:
     * with PENDING, the stuck ones (see {@link AccountRechargeRepository#page}).
     */
    @WithSession
    public Uni<List<AccountRecharge>> page(AccountRechargeStatus status, Optional<Instant> createdBefore,
            Optional<AccountRechargeRepository.Position> after, int limit) {
        return recharges.page(AccountRechargeRepository.Filter.status(status, createdBefore), after, limit);
    }

    @WithSession
    public Uni<AccountRecharge> find(String accountNo, UUID txNo) {
        return recharges.findById(txNo)
                .map(recharge -> recharge != null && recharge.accountNo.equals(accountNo) ? recharge : null)
                .onItem().ifNull().failWith(() -> new AccountRechargeNotFoundException(accountNo, txNo));
    }

    /**
     * Submits the recharge with its own txNo (safe to repeat: recharge-service answers a known txNo with the stored
     * recharge). Only a refusal (4xx: the request itself is wrong) closes it as FAILED; any failure of the call
     * leaves it PENDING for reconciliation.
     */
    public Uni<Void> submit(AccountRecharge recharge) {
        return gateway.submit(new RemoteRechargeRequest(recharge.txNo, recharge.accountNo, recharge.amount,
                        recharge.currency))
                .chain(remote -> recordSubmission(recharge.txNo, "submitted: " + remote.status()))
                .onFailure(RechargeRejectedException.class).recoverWithUni(refused -> {
                    Log.warnf("Recharge %s refused by recharge-service, closed as FAILED: %s", recharge.txNo,
                            refused.getMessage());
                    return close(recharge.txNo, refused.getMessage());
                })
                .onFailure().recoverWithUni(failure -> {
                    Log.warnf("Recharge %s not submitted, stays PENDING for reconciliation: %s", recharge.txNo,
                            failure.toString());
                    return recordSubmission(recharge.txNo, "submission failed: " + failure);
                });
    }

    @WithTransaction
    Uni<AccountRecharge> recordPending(String accountNo, BigDecimal amount) {
        return accounts.find(accountNo).chain(account -> {
            Instant now = clock.instant();
            AccountRecharge recharge = new AccountRecharge();
            recharge.txNo = UUID.randomUUID();
            recharge.accountNo = accountNo;
            recharge.amount = amount;
            recharge.currency = account.currency;
            recharge.status = AccountRechargeStatus.PENDING;
            recharge.createdAt = now;
            recharge.nextCheckAt = now.plus(pending.after());
            Log.infof("Recharge %s of %s %s for account %s recorded PENDING", recharge.txNo, amount,
                    account.currency, accountNo);
            return recharges.persist(recharge);
        });
    }

    @WithTransaction
    Uni<Void> recordSubmission(UUID txNo, String note) {
        return recharges.update("submissions = submissions + 1, lastCheck = ?1 where txNo = ?2",
                Notes.truncate(note), txNo).replaceWithVoid();
    }

    /** Closes a PENDING recharge as FAILED without a result (refused, or unknown to recharge-service too long). */
    @WithTransaction
    public Uni<Void> close(UUID txNo, String reason) {
        return recharges.update("status = ?1, failureReason = ?2, resolvedAt = ?3, lastCheck = ?2 "
                        + "where txNo = ?4 and status = ?5", AccountRechargeStatus.FAILED, Notes.truncate(reason),
                clock.instant(), txNo, AccountRechargeStatus.PENDING).replaceWithVoid();
    }
}
