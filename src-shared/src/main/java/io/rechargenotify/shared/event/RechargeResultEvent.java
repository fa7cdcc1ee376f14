package io.rechargenotify.shared.event;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The result of one recharge as published on {@link Topics#RECHARGE_RESULTS}: the event contract of SPEC.md.
 *
 * <p>{@code amount} travels as a JSON string ("100.00") so no consumer ever parses money as a double.
 */
public record RechargeResultEvent(
        UUID eventId,
        RechargeEventType type,
        UUID txNo,
        String accountNo,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        Instant occurredAt,
        int schemaVersion) {

    /** The only schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    public RechargeResultEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(txNo, "txNo");
        Objects.requireNonNull(accountNo, "accountNo");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static RechargeResultEvent of(RechargeEventType type, UUID txNo, String accountNo, BigDecimal amount,
            String currency, Instant occurredAt) {
        return new RechargeResultEvent(UUID.randomUUID(), type, txNo, accountNo, amount, currency, occurredAt,
                SCHEMA_VERSION);
    }

    /** The Kafka record key: per-account ordering. */
    public String key() {
        return accountNo;
    }
}
