package io.rechargenotify.shared.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rechargenotify.shared.value.AccountNumbers;
import io.rechargenotify.shared.value.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Additive evolution within one schema version: a newer producer may add fields.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // {"amount":"1.00","amount":"900.00"} means different things to different readers: refuse it.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The JSON type of every contract field: a number where text belongs (or the reverse) is not coerced. */
    private static final Map<String, JsonNodeType> FIELD_TYPES = Map.of(
            "eventId", JsonNodeType.STRING,
            "type", JsonNodeType.STRING,
            "txNo", JsonNodeType.STRING,
            "accountNo", JsonNodeType.STRING,
            "amount", JsonNodeType.STRING,
            "currency", JsonNodeType.STRING,
            "occurredAt", JsonNodeType.STRING,
            "schemaVersion", JsonNodeType.NUMBER);

    private static final Pattern ACCOUNT_NO = Pattern.compile(AccountNumbers.PATTERN);

    /** No recharge completed before the system existed; nothing completes more than a clock skew in the future. */
    private static final Instant EARLIEST_OCCURRED_AT = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

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
            JsonNode tree = MAPPER.readTree(json);
            checkFieldTypes(tree);
            event = MAPPER.treeToValue(tree, RechargeResultEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof UnreadableEventException unreadable) {
                throw unreadable;
            }
            throw new UnreadableEventException(rootMessage(e), e);
        }
        checkValues(event, Instant.now());
        return event;
    }

    private static void checkFieldTypes(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new UnreadableEventException("not a JSON object");
        }
        FIELD_TYPES.forEach((field, type) -> {
            JsonNode value = tree.get(field);
            if (value != null && !value.isNull() && value.getNodeType() != type) {
                throw new UnreadableEventException(field + " must be a JSON " + type.name().toLowerCase(Locale.ROOT)
                        + ", not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            }
        });
        if (tree.path("schemaVersion").isNumber() && !tree.path("schemaVersion").canConvertToExactIntegral()) {
            throw new UnreadableEventException("schemaVersion must be a whole number");
        }
    }

    /** The same bounds the REST API puts on a recharge, so the topic is no wider a door than the API. */
    static void checkValues(RechargeResultEvent event, Instant now) {
        if (event.schemaVersion() != RechargeResultEvent.SCHEMA_VERSION) {
            throw new UnreadableEventException("unknown schemaVersion " + event.schemaVersion());
        }
        if (event.amount().signum() <= 0 || event.amount().stripTrailingZeros().scale() > Money.SCALE) {
            throw new UnreadableEventException("amount must be positive with at most 2 decimals");
        }
        if (event.amount().compareTo(Money.MAX_RECHARGE) > 0) {
            throw new UnreadableEventException("amount is above the largest recharge " + Money.MAX_RECHARGE);
        }
        if (!Money.isIsoCurrency(event.currency())) {
            throw new UnreadableEventException("currency is not an ISO 4217 code");
        }
        if (!ACCOUNT_NO.matcher(event.accountNo()).matches()) {
            throw new UnreadableEventException("accountNo " + AccountNumbers.MESSAGE);
        }
        if (event.occurredAt().isBefore(EARLIEST_OCCURRED_AT) || event.occurredAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new UnreadableEventException("occurredAt " + event.occurredAt() + " is not a plausible completion"
                    + " time (after " + EARLIEST_OCCURRED_AT + ", at most " + MAX_CLOCK_SKEW.toHours()
                    + " h ahead of this clock)");
        }
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
