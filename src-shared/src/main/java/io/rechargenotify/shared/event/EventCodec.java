package io.rechargenotify.shared.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rechargenotify.shared.value.Money;

/**
 * JSON (de)serialisation of {@link RechargeResultEvent}, identical on both sides of the topic.
 *
 * <p>Its own mapper rather than the application's: the wire format must not change when a service tunes its REST JSON.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // Additive evolution within one schema version: a newer producer may add fields.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    public static String encode(RechargeResultEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recharge result event could not be written as JSON", e);
        }
    }

    /**
     * Reads an event; anything that is not a complete, plausible event of a known schema version is an
     * {@link UnreadableEventException}, which is permanent: retrying the same bytes cannot help.
     */
    public static RechargeResultEvent decode(String json) {
        if (json == null || json.isBlank()) {
            throw new UnreadableEventException("empty payload");
        }
        RechargeResultEvent event;
        try {
            event = MAPPER.readValue(json, RechargeResultEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new UnreadableEventException(rootMessage(e), e);
        }
        if (event.schemaVersion() != RechargeResultEvent.SCHEMA_VERSION) {
            throw new UnreadableEventException("unknown schemaVersion " + event.schemaVersion());
        }
        if (event.amount().signum() <= 0 || event.amount().stripTrailingZeros().scale() > Money.SCALE) {
            throw new UnreadableEventException("amount must be positive with at most 2 decimals");
        }
        if (!Money.isIsoCurrency(event.currency())) {
            throw new UnreadableEventException("currency is not an ISO 4217 code");
        }
        return event;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        // Jackson appends the source location and a payload excerpt; keep the first line only.
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
