package io.rechargenotify.callback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every tunable of callback-service, under {@code callback.*}. */
@ConfigMapping(prefix = "callback")
public interface CallbackConfig {

    Events events();

    Targets targets();

    Secrets secrets();

    Intake intake();

    Dispatch dispatch();

    Circuit circuit();

    Endpoints endpoints();

    Metrics metrics();

    /** How recharge results prove they come from recharge-service (see trust.EventVerifier). */
    interface Events {
        /**
         * The keys recharge-service's signatures are checked with, {@code <key id>:<base64 secret>[,…]}, the same
         * EVENT_VERIFICATION_KEYS account-service has. There is no switch for unsigned events: a receiver outside the
         * organisation is never called with a result that does not prove where it comes from.
         */
        Optional<String> verificationKeys();
    }

    /** Which URLs an endpoint may have: no server-side request forgery into the cluster. */
    interface Targets {
        /** Only {@code https} URLs (on in prod; the dev and test profiles allow {@code http}). */
        @WithDefault("true")
        boolean requireHttps();

        /** Loopback addresses (127/8, ::1) as targets: tests and local runs only. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Private, link-local, shared (100.64/10) and unique-local addresses as targets. */
        @WithDefault("false")
        boolean allowPrivate();
    }

    interface Secrets {
        /** How long the previous secret keeps signing beside the new one after a rotation. */
        @WithDefault("24h")
        Duration rotationOverlap();

        /** Random bytes in a new signing secret (Standard Webhooks: 24 to 64). */
        @WithDefault("32")
        int bytes();
    }

    /** Consuming recharge results into delivery rows. */
    interface Intake {
        /** The first pause before storing a result's deliveries is tried again (Postgres down); doubled each time. */
        @WithDefault("1s")
        Duration recoveryPause();

        @WithDefault("30s")
        Duration recoveryPauseMax();

        /** One attempt at storing a result's deliveries. */
        @WithDefault("10s")
        Duration storeTimeout();
    }

    /** Calling receivers. */
    interface Dispatch {
        /**
         * The delays between attempts after the first (which is immediate), like WeChat Pay's notify schedule (about
         * 24 h); after the last one fails the delivery is FAILED and stays resendable.
         */
        @WithDefault("15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,3h,3h,3h,6h,6h")
        String retrySchedule();

        /** Each delay is stretched or shrunk by up to this fraction, so retries of many deliveries do not bunch. */
        @WithDefault("0.1")
        double jitter();

        /** How often due deliveries are looked for when the last look found none. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries claimed per look. */
        @WithDefault("100")
        int batchSize();

        /** Calls in flight at once in this instance. */
        @WithDefault("64")
        int maxInFlight();

        /** Calls in flight at once to one endpoint in this instance: a slow receiver holds only its own slots. */
        @WithDefault("4")
        int perEndpointConcurrency();

        @WithDefault("2s")
        Duration connectTimeout();

        /** The whole call, from connecting to the last byte of the answer. */
        @WithDefault("10s")
        Duration callTimeout();

        /**
         * How long a claimed delivery stays with its dispatcher: longer than a call can take, so only a dispatcher that
         * died loses it (and then it is attempted again, at most once more).
         */
        @WithDefault("30s")
        Duration lease();

        /** Bytes of a receiver's answer read at most; the rest is discarded unread. */
        @WithDefault("1024")
        int maxResponseBytes();

        /** Every database statement of the dispatch loop. */
        @WithDefault("10s")
        Duration statementTimeout();
    }

    /**
     * Per-endpoint back-off: an endpoint whose last attempt failed gets one call at a time (not
     * {@code perEndpointConcurrency}) until it acknowledges again; after {@code failureThreshold} unacknowledged attempts
     * in a row (any of its deliveries) it is not claimed for a pause that doubles with every further failure up to
     * {@code maxPause}; when the pause ends, one probe goes out alone, and its 2xx closes the circuit. A dead receiver
     * then costs one call per pause instead of every due delivery's calls and slots, and its deliveries keep their
     * attempts for when it is back.
     */
    interface Circuit {
        @WithDefault("5")
        int failureThreshold();

        /** The first pause, at the threshold. */
        @WithDefault("10s")
        Duration pause();

        @WithDefault("5m")
        Duration maxPause();
    }

    interface Endpoints {
        /**
         * An endpoint that has acknowledged nothing for this long (failing_since) is disabled at its next failure,
         * with the reason; its deliveries wait until it is enabled ({@code POST /endpoints/{id}/enable}) and its FAILED
         * ones are resent by {@code POST /endpoints/{id}/recover}. CALLBACK_DISABLE_AFTER, 5 days as Standard Webhooks
         * providers do.
         */
        @WithDefault("5d")
        Duration disableAfter();
    }

    /** The backlog gauges (metrics.BacklogGauges). */
    interface Metrics {
        /** How often the due backlog is counted (one grouped query on an index). */
        @WithDefault("15s")
        Duration refresh();

        /**
         * Per-endpoint gauges (tag {@code endpoint}) only while there are at most this many endpoints; above it only
         * the totals, so the number of series stays bounded whatever receivers register.
         */
        @WithDefault("50")
        int perEndpointMaxEndpoints();
    }
}
