package io.rechargenotify.account.reconcile;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.domain.AccountRepository;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerEntry;
import io.rechargenotify.account.ledger.LedgerRepository;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.ledger.PermanentFailure;
import io.rechargenotify.account.reconcile.Finding.Kind;
import io.rechargenotify.account.rechargeapi.RechargeGateway;
import io.rechargenotify.account.rechargeapi.RemoteRecharge;
import io.rechargenotify.account.rechargeapi.RemoteRechargePage;
import io.rechargenotify.account.support.IsolatedWork;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Window reconciliation (每日对账): for a closed window, every recharge recharge-service completed in it is compared
 * with this ledger, and every ledger entry of the window with recharge-service.
 *
 * <p>Both sides are read in the same order, (completion time, txNo) – a ledger entry keeps its recharge's completion
 * time – and merged like two sorted files, a page at a time, so a window of any size takes bounded memory. A
 * SUCCEEDED recharge of a known account missing from the ledger is credited (source reconciliation, deduplicated
 * like any delivery); everything that cannot be repaired safely is reported. An entry found on one side only is
 * looked up individually before it is called a discrepancy, so clock precision or a late completion never produces
 * a false one.
 *
 * <p>Sequential and blocking by design: it runs on a worker thread (schedule, API) or the main thread (one-shot).
 */
@ApplicationScoped
public class WindowReconciler {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final int KNOWN_ACCOUNTS_CACHED = 10_000;

    private final RechargeGateway gateway;
    private final LedgerRepository ledgerEntries;
    private final AccountRepository accounts;
    private final Ledger ledger;
    private final IsolatedWork isolated;
    private final AccountConfig.Reconciliation.Window config;

    public WindowReconciler(RechargeGateway gateway, LedgerRepository ledgerEntries, AccountRepository accounts,
            Ledger ledger, IsolatedWork isolated, AccountConfig config) {
        this.gateway = gateway;
        this.ledgerEntries = ledgerEntries;
        this.accounts = accounts;
        this.ledger = ledger;
        this.isolated = isolated;
        this.config = config.reconciliation().window();
    }

    /**
     * Reconciles [from, to); {@code heartbeat} runs after every page and every recharge or entry compared, since one
     * may need calls of its own (it renews the run's lease when due and throws if the lease was lost). A failure to
     * reach recharge-service fails the run; nothing is reported missing because of it.
     */
    public WindowReport reconcile(Instant from, Instant to, Runnable heartbeat) {
        WindowTally tally = new WindowTally(config.maxListed());
        KnownAccounts known = new KnownAccounts();
        SourceCursor source = new SourceCursor(from, to, heartbeat);
        LedgerCursor entries = new LedgerCursor(from, to, heartbeat);
        while (source.peek() != null || entries.peek() != null) {
            RemoteRecharge recharge = source.peek();
            LedgerEntry entry = entries.peek();
            int order = recharge == null ? 1 : entry == null ? -1 : compare(recharge, entry);
            if (order == 0) {
                tally.sourceRecharges++;
                tally.ledgerEntries++;
                count(tally, recharge);
                compareBoth(recharge, entry, tally);
                source.next();
                entries.next();
            } else if (order < 0) {
                tally.sourceRecharges++;
                count(tally, recharge);
                sourceOnly(recharge, tally, known);
                source.next();
            } else {
                tally.ledgerEntries++;
                ledgerOnly(entry, tally);
                entries.next();
            }
            heartbeat.run();
        }
        Log.infof("Window [%s, %s) reconciled: %d recharges at the source, %d ledger entries, %d matched, "
                        + "%d repaired, %d discrepancies", from, to, tally.sourceRecharges, tally.ledgerEntries,
                tally.matched, tally.repairedCount(), tally.discrepancyCount());
        return tally.report();
    }

    private static void count(WindowTally tally, RemoteRecharge recharge) {
        if (recharge.succeeded()) {
            tally.sourceSucceeded++;
        } else {
            tally.sourceFailed++;
        }
    }

    private static void compareBoth(RemoteRecharge recharge, LedgerEntry entry, WindowTally tally) {
        if (!recharge.succeeded()) {
            tally.discrepancy(new Finding(Kind.CREDITED_BUT_NOT_SUCCEEDED, entry.txNo, entry.accountNo,
                    "credited " + entry.amount + " " + entry.currency + ", " + recharge.status() + " at the source"));
        } else if (!sameMoney(recharge, entry)) {
            tally.discrepancy(mismatch(recharge, entry));
        } else {
            tally.matched++;
        }
    }

    /** A recharge of the window with no ledger entry of the window. */
    private void sourceOnly(RemoteRecharge recharge, WindowTally tally, KnownAccounts known) {
        if (!recharge.succeeded()) {
            return; // nothing to credit; an entry for it elsewhere in time is found from the ledger side
        }
        if (!known.contains(recharge.accountNo())) {
            tally.unknownAccounts++;
            return;
        }
        LedgerEntry elsewhere = await(() -> findEntry(recharge.txNo()));
        if (elsewhere != null) {
            if (sameMoney(recharge, elsewhere)) {
                tally.matched++;
            } else {
                tally.discrepancy(mismatch(recharge, elsewhere));
            }
            return;
        }
        String outcome = await(() -> processedOutcome(recharge.txNo()));
        if (outcome != null) {
            tally.discrepancy(new Finding(RemoteRecharge.FAILED.equals(outcome) ? Kind.RECORDED_AS_FAILED
                    : Kind.APPLIED_WITHOUT_LEDGER_ENTRY, recharge.txNo(), recharge.accountNo(),
                    "SUCCEEDED at the source (" + recharge.amount() + " " + recharge.currency()
                            + "), recorded here as " + outcome + " without a ledger entry"));
            return;
        }
        try {
            Applied applied = await(() -> ledger.apply(recharge.toEvent(), LedgerSource.RECONCILIATION));
            if (applied == Applied.CREDITED) {
                tally.repaired(new Finding(Kind.MISSING_CREDIT, recharge.txNo(), recharge.accountNo(),
                        "credited " + recharge.amount() + " " + recharge.currency()));
            } else {
                tally.matched++; // the notification arrived between the look-up and the credit
            }
        } catch (PermanentFailure refused) {
            tally.discrepancy(new Finding(Kind.NOT_CREDITABLE, recharge.txNo(), recharge.accountNo(),
                    refused.getMessage()));
        }
    }

    /** A ledger entry of the window that recharge-service did not list in it: asked about individually. */
    private void ledgerOnly(LedgerEntry entry, WindowTally tally) {
        Optional<RemoteRecharge> remote = await(() -> gateway.find(entry.txNo));
        if (remote.isEmpty()) {
            tally.discrepancy(new Finding(Kind.NO_SOURCE_RECORD, entry.txNo, entry.accountNo,
                    "credited " + entry.amount + " " + entry.currency + " (" + entry.source
                            + "), unknown to recharge-service"));
        } else if (!remote.get().succeeded()) {
            tally.discrepancy(new Finding(Kind.CREDITED_BUT_NOT_SUCCEEDED, entry.txNo, entry.accountNo,
                    "credited " + entry.amount + " " + entry.currency + ", " + remote.get().status()
                            + " at the source"));
        } else if (!sameMoney(remote.get(), entry)) {
            tally.discrepancy(mismatch(remote.get(), entry));
        } else {
            tally.matched++;
        }
    }

    private static boolean sameMoney(RemoteRecharge recharge, LedgerEntry entry) {
        return recharge.accountNo().equals(entry.accountNo) && recharge.amount().compareTo(entry.amount) == 0
                && recharge.currency().equals(entry.currency);
    }

    private static Finding mismatch(RemoteRecharge recharge, LedgerEntry entry) {
        return new Finding(Kind.MISMATCH, entry.txNo, entry.accountNo, "ledger: " + entry.amount + " "
                + entry.currency + " for " + entry.accountNo + ", source: " + recharge.amount() + " "
                + recharge.currency() + " for " + recharge.accountNo());
    }

    /** Postgres orders uuid by its bytes, which is the order of the lower-case text (UUID.compareTo is signed). */
    private static int compare(RemoteRecharge recharge, LedgerEntry entry) {
        int byTime = recharge.completedAt().compareTo(entry.occurredAt);
        return byTime != 0 ? byTime : recharge.txNo().toString().compareTo(entry.txNo.toString());
    }

    @WithSession
    Uni<LedgerEntry> findEntry(UUID txNo) {
        return ledgerEntries.findByTxNo(txNo);
    }

    @WithSession
    Uni<String> processedOutcome(UUID txNo) {
        return ledgerEntries.processedOutcome(txNo);
    }

    @WithSession
    Uni<java.util.List<LedgerEntry>> ledgerPage(Instant from, Instant to, Instant afterAt, UUID afterTxNo) {
        return ledgerEntries.windowPage(from, to, afterAt, afterTxNo, config.pageSize());
    }

    @WithSession
    Uni<Boolean> accountExists(String accountNo) {
        return accounts.findById(accountNo).map(account -> account != null);
    }

    private <T> T await(Supplier<Uni<T>> work) {
        return isolated.await(work, CALL_TIMEOUT);
    }

    /** recharge-service's listing of the window, page by page. */
    private final class SourceCursor {
        private final Instant from;
        private final Instant to;
        private final Runnable heartbeat;
        private final Deque<RemoteRecharge> buffer = new ArrayDeque<>();
        private String after;
        private boolean exhausted;

        SourceCursor(Instant from, Instant to, Runnable heartbeat) {
            this.from = from;
            this.to = to;
            this.heartbeat = heartbeat;
        }

        RemoteRecharge peek() {
            if (buffer.isEmpty() && !exhausted) {
                RemoteRechargePage page = gateway.completed(from, to, after, config.pageSize()).await()
                        .atMost(CALL_TIMEOUT);
                buffer.addAll(page.items());
                after = page.next();
                exhausted = page.next() == null;
                heartbeat.run();
            }
            return buffer.peek();
        }

        void next() {
            buffer.poll();
        }
    }

    /** This ledger's entries of the window, page by page. */
    private final class LedgerCursor {
        private final Instant from;
        private final Instant to;
        private final Runnable heartbeat;
        private final Deque<LedgerEntry> buffer = new ArrayDeque<>();
        private Instant afterAt;
        private UUID afterTxNo = new UUID(0, 0);
        private boolean exhausted;

        LedgerCursor(Instant from, Instant to, Runnable heartbeat) {
            this.from = from;
            this.to = to;
            this.heartbeat = heartbeat;
            this.afterAt = from.minusNanos(1000);
        }

        LedgerEntry peek() {
            if (buffer.isEmpty() && !exhausted) {
                java.util.List<LedgerEntry> page = await(() -> ledgerPage(from, to, afterAt, afterTxNo));
                buffer.addAll(page);
                exhausted = page.size() < config.pageSize();
                if (!page.isEmpty()) {
                    LedgerEntry last = page.get(page.size() - 1);
                    afterAt = last.occurredAt;
                    afterTxNo = last.txNo;
                }
                heartbeat.run();
            }
            return buffer.peek();
        }

        void next() {
            buffer.poll();
        }
    }

    /** Whether accounts exist here, remembered for the run (bounded). */
    private final class KnownAccounts {
        private final Map<String, Boolean> cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > KNOWN_ACCOUNTS_CACHED;
            }
        };

        boolean contains(String accountNo) {
            return cache.computeIfAbsent(accountNo, number -> await(() -> accountExists(number)));
        }
    }
}
