package io.rechargenotify.shared.event;

/** Kafka header names carried by recharge results, retried and dead-lettered ones. */
public final class EventHeaders {

    /**
     * Proof that recharge-service published the result: {@code v1,<key id>,<base64 HMAC-SHA256 of the payload>} (see
     * {@link EventSignature}). Carried unchanged to the retry and dead-letter topics.
     */
    public static final String SIGNATURE = "rn-signature";

    public static final String ATTEMPT = "rn-attempt";
    public static final String ORIGINAL_TOPIC = "rn-original-topic";
    public static final String ORIGINAL_PARTITION = "rn-original-partition";
    public static final String ORIGINAL_OFFSET = "rn-original-offset";
    public static final String FIRST_FAILURE_AT = "rn-first-failure-at";
    public static final String DUE_AT = "rn-due-at";
    public static final String LAST_ERROR = "rn-last-error";
    public static final String ERROR_CLASS = "rn-error-class";
    /**
     * On a dead-letter record without a value: the record was too large to forward with its headers, and account-service
     * stored the whole of it in Postgres (see {@code GET /dead-letters}).
     */
    public static final String PAYLOAD_STORED = "rn-payload-stored";

    private EventHeaders() {
    }
}
