package io.rechargenotify.recharge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every tunable of recharge-service, under {@code recharge.*}. */
@ConfigMapping(prefix = "recharge")
public interface RechargeConfig {

    Channel channel();

    Relay relay();

    Recovery recovery();

    Events events();

    GroupCommit groupCommit();

    /**
     * Concurrent requests' writes (their PENDING rows, their outcomes with the outbox rows) committed together, one
     * statement per batch; a lone request never waits for others.
     */
    interface GroupCommit {
        /** The most requests' rows in one statement. */
        @WithDefault("64")
        int maxBatch();

        /** Statements of one kind running at once; more requests wait and join the next batch. */
        @WithDefault("2")
        int inFlight();
    }

    /** The key every published event is signed with ({@code EventSignature}): only its holder can move money. */
    interface Events {
        /** Carried in each signature, so verifiers can hold the old and the new key while it is rotated. */
        Optional<String> signingKeyId();

        /** Base64, at least 32 bytes; from a Kubernetes Secret, never from git. */
        Optional<String> signingKey();
    }

    /** Re-asking the channel about recharges left PENDING (a crash or a channel error between charge and record). */
    interface Recovery {
        /** A recharge PENDING for longer than this is asked about again. */
        @WithDefault("2m")
        Duration after();

        /** How often the recovery runs. */
        @WithDefault("30s")
        Duration interval();

        /** Recharges asked about per run (claimed in next-check order, so a recharge that keeps failing waits). */
        @WithDefault("100")
        int batchSize();

        /** The pause before a recharge that was asked about is asked again; doubled per check. */
        @WithDefault("1m")
        Duration firstRecheck();

        /** The longest pause between two checks of one recharge. */
        @WithDefault("30m")
        Duration maxRecheck();

        /**
         * A PENDING recharge asked about this many times is counted as stuck ({@code recharge_pending_stuck}): with
         * the default back-off that is about five hours of trying; an operator should look at it.
         */
        @WithDefault("12")
        int stuckAfterChecks();

        /** How long one check (asking the channel and recording the answer) may take before it counts as failed. */
        @WithDefault("30s")
        Duration checkTimeout();
    }

    interface Channel {
        /**
         * Whether the simulated payment channel (the only one today) may run. It takes no money and confirms payments,
         * so the default refuses to start with it; the dev and test profiles, local runs and demo deployments allow it.
         */
        @WithDefault("false")
        boolean allowSimulated();

        /** How long the simulated payment channel takes to answer. */
        @WithDefault("0s")
        Duration latency();

        /** The share of payments the simulated channel declines at random, 0.0 to 1.0. */
        @WithDefault("0.0")
        double failureRatio();

        /** Accounts whose number starts with this are always declined (deterministic failures for tests, demos). */
        Optional<String> declineAccountPrefix();
    }

    interface Relay {
        /**
         * Whether this instance publishes the outbox. Off for API-only replicas, or to hold notifications back in an
         * incident (rows wait in the outbox; reconciliation still finds the results through the API).
         */
        @WithDefault("true")
        boolean enabled();

        /** Whether Postgres LISTEN/NOTIFY wakes the relay at each commit; polling remains as the fallback. */
        @WithDefault("true")
        boolean listenNotify();

        /** How often the relay looks for unpublished rows without being woken (the scheduler's resolution is 1s). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Outbox rows claimed and published per transaction. */
        @WithDefault("500")
        int batchSize();

        /**
         * Keys are spread over this many shards; two relay replicas never publish the same shard at once, so one
         * account's results stay in order. Change it only with every relay stopped.
         */
        @WithDefault("16")
        int shards();

        /** The first pause after a pass failed because Kafka was unavailable; doubled per failure. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** The longest pause between passes while Kafka stays unavailable. */
        @WithDefault("30s")
        Duration backoffMax();

        /** How long published rows are kept (for audit and re-drive) before retention deletes them. */
        @WithDefault("P7D")
        Duration retention();

        /** How often published rows past their retention are deleted. */
        @WithDefault("10m")
        Duration retentionSweepInterval();

        /** Published rows deleted per retention statement, so a sweep never holds long locks. */
        @WithDefault("10000")
        int retentionChunk();

        /** How often gauges (backlog, oldest unpublished age, parked rows) are refreshed from the table. */
        @WithDefault("5s")
        Duration statsInterval();

        /**
         * The longest one relay pass (claim, publish, mark) may take before it is abandoned and retried: longer than
         * the producer's delivery timeout plus the statements, so only a hung pass reaches it. Postgres'
         * statement_timeout (the pool's connections) ends the abandoned statement itself.
         */
        @WithDefault("60s")
        Duration passTimeout();

        /**
         * Liveness goes DOWN when rows wait and no relay pass has finished its database work for this long (passes
         * that only fail because Kafka is down still finish). Longer than backoff-max plus pass-timeout.
         */
        @WithDefault("3m")
        Duration stallThreshold();

        Producer producer();
    }

    /** The relay's Kafka producer; acks=all and idempotence are fixed, these are the tunables. */
    interface Producer {
        /** How long the producer waits to fill a batch. */
        @WithDefault("5ms")
        Duration linger();

        @WithDefault("65536")
        int batchBytes();

        /**
         * none, gzip, snappy, lz4 or zstd. Every consumer needs the codec's library (lz4, snappy and zstd are native
         * code), so the default is none: results are small JSON.
         */
        @WithDefault("none")
        String compression();

        /** After this the producer gives up on a record; the row stays in the outbox and the relay backs off. */
        @WithDefault("15s")
        Duration deliveryTimeout();

        @WithDefault("5s")
        Duration requestTimeout();

        /** How long send() may wait for metadata while the broker is unreachable. */
        @WithDefault("5s")
        Duration maxBlock();
    }
}
