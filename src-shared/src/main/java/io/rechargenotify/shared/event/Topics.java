package io.rechargenotify.shared.event;

/** Kafka topic names of the event contract. */
public final class Topics {

    /** Recharge results, keyed by account number. */
    public static final String RECHARGE_RESULTS = "recharge-results";

    /** Results that could not be processed and will not be retried automatically. */
    public static final String RECHARGE_RESULTS_DLT = RECHARGE_RESULTS + ".dlt";

    private Topics() {
    }

    /** The delayed-retry topic of one ladder step, e.g. {@code retry("5m")} is {@code recharge-results.retry-5m}. */
    public static String retry(String step) {
        return RECHARGE_RESULTS + ".retry-" + step;
    }
}
