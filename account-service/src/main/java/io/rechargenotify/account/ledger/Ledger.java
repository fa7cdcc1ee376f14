package io.rechargenotify.account.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.rechargenotify.account.domain.AccountRepository;
import io.rechargenotify.account.recharge.AccountRechargeRepository;
import io.rechargenotify.account.recharge.AccountRechargeStatus;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.account.config.AccountConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies recharge results to accounts exactly once: the txNo claim, the ledger entry and the balance change commit
 * together or not at all, whatever delivered the result (notification, retry, reconciliation, replay).
 */
@ApplicationScoped
public class Ledger {

    private final LedgerRepository ledger;
    private final AccountRepository accounts;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AccountRechargeRepository recharges;
    private final Duration lockTimeout;
    private final Duration statementTimeout;

    public Ledger(LedgerRepository ledger, AccountRepository accounts, AccountRechargeRepository recharges,
            Clock clock, MeterRegistry meters, AccountConfig config) {
        this.ledger = ledger;
        this.recharges = recharges;
        this.lockTimeout = config.ledger().lockTimeout();
        this.statementTimeout = config.delivery().statementTimeout();
        this.accounts = accounts;
        this.clock = clock;
        this.meters = meters;
    }

    public Uni<Applied> apply(RechargeResultEvent event, LedgerSource source) {
        return apply(event, source, null);
    }

    /**
     * Applies a result; {@code failureReason} (known when reconciliation asked recharge-service) is kept with a
     * failed recharge this service started. Counted and logged once its transaction committed (when it is not part of
     * a caller's): a commit that fails sends the result to a retry, and its one line comes from there.
     */
    public Uni<Applied> apply(RechargeResultEvent event, LedgerSource source, String failureReason) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> ledger.boundWaits(lockTimeout, statementTimeout).chain(() ->
                        event.type() == RechargeEventType.RechargeSucceeded
                                ? credit(event, source, now)
                                : recordFailure(event, source, failureReason, now)))
                .invoke(applied -> count(event, source, applied));
    }

    /**
     * Applies several results in one transaction – one commit, the WAL flush a commit costs, for all of them – in their
     * order, so results of one account keep it. All or nothing: when any one of them cannot be applied (an unknown
     * account, a mismatch, a lock or statement timeout) the whole transaction rolls back and the failure is returned,
     * and the caller applies them one at a time to find out which. The caller counts the outcomes ({@link #count})
     * once the transaction committed.
     */
    @WithTransaction
    public Uni<List<Applied>> applyAll(List<RechargeResultEvent> events, LedgerSource source) {
        Instant now = clock.instant();
        List<Applied> outcomes = new ArrayList<>(events.size());
        Uni<Void> chain = ledger.boundWaits(lockTimeout, statementTimeout);
        for (RechargeResultEvent event : events) {
            chain = chain.chain(() -> (event.type() == RechargeEventType.RechargeSucceeded
                    ? credit(event, source, now)
                    : recordFailure(event, source, null, now)).invoke(outcomes::add).replaceWithVoid());
        }
        return chain.replaceWith(outcomes);
    }

    /** Counts what applying a result did (recharge.results.applied), and logs it at debug level. */
    public void count(RechargeResultEvent event, LedgerSource source, Applied applied) {
        meters.counter("recharge.results.applied", "outcome", applied.name().toLowerCase(Locale.ROOT),
                "source", source.code()).increment();
        // One line per result applied: the trail an operator follows a txNo by (JSON logs, with its trace id).
        Log.infof("Recharge %s for account %s: %s %s %s (%s)", event.txNo(), event.accountNo(), applied,
                event.amount().toPlainString(), event.currency(), source);
    }

    private Uni<Applied> credit(RechargeResultEvent event, LedgerSource source, Instant now) {
        return ledger.credit(event, source, now).chain(credit -> !credit.claimed()
                ? Uni.createFrom().item(Applied.DUPLICATE)
                : credit.credited() ? Uni.createFrom().item(Applied.CREDITED) : whyNotCredited(event));
    }

    private Uni<Applied> recordFailure(RechargeResultEvent event, LedgerSource source, String failureReason,
            Instant now) {
        return ledger.claim(event, source, now).chain(claimed -> !claimed
                ? Uni.createFrom().item(Applied.DUPLICATE)
                : recharges.resolve(event.txNo(), AccountRechargeStatus.FAILED,
                        failureReason != null ? failureReason : "failed at recharge-service", now)
                        .replaceWith(Applied.RECORDED_FAILURE));
    }

    private Uni<Applied> whyNotCredited(RechargeResultEvent event) {
        return accounts.findById(event.accountNo()).chain(account -> Uni.createFrom().failure(account == null
                ? new PermanentFailure("unknown account " + event.accountNo())
                : new PermanentFailure("currency mismatch: account " + event.accountNo() + " is in "
                        + account.currency + ", recharge " + event.txNo() + " is in " + event.currency())));
    }
}
