package io.rechargenotify.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every tunable of account-service, under {@code account.*}. */
@ConfigMapping(prefix = "account")
public interface AccountConfig {

    Retry retry();

    Delivery delivery();

    Ledger ledger();

    Reconciliation reconciliation();

    RechargeApi rechargeApi();

    Events events();

    /** How recharge results prove they come from recharge-service (see trust.EventVerifier). */
    interface Events {
        /**
         * The keys recharge-service's signatures are checked with, {@code <key id>:<base64 secret>[,…]}: during a
         * rotation both the old and the new one. From a Kubernetes Secret, never from git.
         */
        Optional<String> verificationKeys();

        /**
         * Migration only, off by default: also apply results that carry no signature at all (published before
         * signing was switched on). A wrong signature is refused either way. Switch it off again once those are
         * consumed.
         */
        @WithDefault("false")
        boolean acceptUnsigned();
    }

    /** How account-service identifies itself to recharge-service. */
    interface RechargeApi {
        /**
         * A file holding its service token, read again whenever it changes (a mounted Secret); used before
         * {@link #token()} (see rechargeapi.RechargeServiceToken).
         */
        Optional<String> tokenFile();

        /** Its service token (roles recharge:write and recharge:read), from a Secret; sent as a bearer token. */
        Optional<String> token();
    }

    interface Retry {
        /** The delays between attempts, one retry topic per step, then the dead-letter topic. */
        @WithDefault(io.rechargenotify.shared.event.RetryLadder.DEFAULT)
        String ladder();

        /**
         * The retry-topic consumer's group. No default here: it is set in application.properties, next to the other
         * groups, where the Kafka ACL checks (KafkaUsersTest) read every group the service uses.
         */
        String groupId();

        /** Records fetched per poll of the retry topics; small, since a paused partition's records are dropped. */
        @WithDefault("20")
        int maxPollRecords();

        /**
         * How many times in a row the retry-topic loop may break (and restart its consumer) without one successful
         * poll before liveness reports it DOWN: a loop that cannot get going is a stuck channel, and a new process
         * may fix what a new consumer did not.
         */
        @WithDefault("10")
        int maxLoopRestarts();
    }

    /** Time limits of the delivery path (main topic, retry topics, dead-letter storage): nothing may wait for ever. */
    interface Delivery {
        /** One attempt at applying a result (decode and ledger transaction); longer counts as a transient failure. */
        @WithDefault("15s")
        Duration attemptTimeout();

        /**
         * The server-side limit of one statement of a ledger transaction ({@code statement_timeout}): a hung query is
         * cancelled by Postgres, not only abandoned by the client.
         */
        @WithDefault("10s")
        Duration statementTimeout();

        /** How long the broker may take to acknowledge a hand-off to a retry topic or the dead-letter topic. */
        @WithDefault("60s")
        Duration handOffTimeout();

        /** The first pause before a failed hand-off or dead-letter insert is tried again; doubled each time. */
        @WithDefault("1s")
        Duration recoveryPause();

        /** The longest pause between those tries (they go on until they succeed: nothing is dropped). */
        @WithDefault("30s")
        Duration recoveryPauseMax();

        /** One attempt at storing a dead letter in Postgres. */
        @WithDefault("10s")
        Duration deadLetterStoreTimeout();
    }

    interface Ledger {
        /** How long a ledger transaction waits for a row lock before failing (then retried later). */
        @WithDefault("5s")
        Duration lockTimeout();
    }

    /** Asking recharge-service for the truth: stale pending recharges, and whole closed windows. */
    interface Reconciliation {

        /**
         * Reconcile every closed window within {@code window.catch-up} that has no succeeded run (each with a
         * stale-pending sweep) and exit with 0 if all completed, 1 if not, instead of serving: the mode of the
         * Kubernetes CronJob (profile {@code reconcile}).
         */
        @WithDefault("false")
        boolean oneShot();

        /** Who runs: named in reports and leases (the pod name in Kubernetes). */
        @WithDefault("${HOSTNAME:account-service}")
        String runner();

        /**
         * How often the gauges of the stored runs (last success, its discrepancies) are read from the database again
         * (also in application.properties, for the scheduler).
         */
        @WithDefault("30s")
        Duration metricsRefresh();

        Pending pending();

        Window window();

        interface Pending {
            /** A recharge started here that is PENDING for longer than this is asked about. */
            @WithDefault("2m")
            Duration after();

            /** How often due pending recharges are looked for (also in application.properties, for the scheduler). */
            @WithDefault("30s")
            Duration interval();

            /** Recharges claimed per transaction. */
            @WithDefault("100")
            int batchSize();

            /** Recharge-service calls in flight at once during a sweep. */
            @WithDefault("8")
            int concurrency();

            /** How long a claim keeps other replicas off a recharge while it is being checked. */
            @WithDefault("2m")
            Duration lease();

            /** The first pause before asking again about a recharge still pending (or not answered); doubled. */
            @WithDefault("1m")
            Duration recheck();

            @WithDefault("30m")
            Duration recheckMax();

            /**
             * How long recharge-service may not know a recharge (a submission lost or still in flight) before the
             * not-found policy applies.
             */
            @WithDefault("5m")
            Duration notFoundGrace();

            /** resubmit (with the same txNo, safe: idempotent) or close (as FAILED). */
            @WithDefault("resubmit")
            NotFoundPolicy notFound();
        }

        interface Window {
            /**
             * When the schedule looks for closed windows not yet reconciled (also in application.properties, for the
             * scheduler).
             */
            @WithDefault("0 15 0 * * ?")
            String cron();

            /**
             * How far back the schedule and the one-shot mode look for closed windows without a succeeded run, so
             * windows whose runs all failed (recharge-service down for a day or two) are caught up, oldest first.
             */
            @WithDefault("P7D")
            Duration catchUp();

            /** Windows are this long, aligned to UTC midnight (a whole number of them fits a day). */
            @WithDefault("P1D")
            Duration length();

            /**
             * A window is closed once its end is this far in the past: longer than a recharge takes to complete and
             * its notification to arrive, so nothing still on its way is reported missing.
             */
            @WithDefault("10m")
            Duration settle();

            /** Recharges per page of {@code GET /recharges} and ledger entries per query. */
            @WithDefault("500")
            int pageSize();

            /** Discrepancies listed in one report (all are counted). */
            @WithDefault("1000")
            int maxListed();

            /**
             * How long a run holds its lease without renewing it; a run renews it every quarter of this while it
             * sweeps and while it reads the window, so only a runner that died loses it.
             */
            @WithDefault("2m")
            Duration lease();
        }

        enum NotFoundPolicy {
            RESUBMIT,
            CLOSE
        }
    }
}
