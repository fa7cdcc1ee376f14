package io.rechargenotify.account.delivery;

import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.value.BoundedText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The retry headers of a consumed record, read as untrusted input: anyone who can write to a topic can set them. A
 * header that is missing, unparseable or out of range is treated as absent – never thrown on – so one bad header can
 * never stop a consumer; what a value may be is decided here, in one place.
 *
 * @param origin where the record was first consumed, only if all three headers are present and valid
 * @param firstFailureAt only within what Postgres can store and this clock can have seen
 * @param dueAt not before 2000; {@link DeliveryPolicy} clamps it from above
 */
public record RetryHeaders(Optional<Integer> attempt, Optional<Origin> origin, Optional<Instant> firstFailureAt,
        Optional<Instant> dueAt, Optional<String> lastError, Optional<String> errorClass) {

    /** The longest error text a header carries and a dead letter stores ({@code dead_letter.last_error}). */
    public static final int MAX_ERROR_LENGTH = 1000;
    /** {@code dead_letter.error_class}. */
    public static final int MAX_ERROR_CLASS_LENGTH = 16;
    /** Longer than any valid value of a number, time or topic header: not even parsed. */
    private static final int MAX_VALUE_BYTES = 300;
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    public static final RetryHeaders NONE = new RetryHeaders(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** Where a record was first consumed: the coordinates an operator finds it by. */
    public record Origin(String topic, int partition, long offset) {
    }

    public static RetryHeaders read(Headers headers, Instant now) {
        if (headers == null) {
            return NONE;
        }
        Optional<String> originTopic = text(headers, EventHeaders.ORIGINAL_TOPIC)
                .filter(topic -> TOPIC.matcher(topic).matches());
        Optional<Integer> originPartition = number(headers, EventHeaders.ORIGINAL_PARTITION)
                .filter(partition -> partition >= 0 && partition <= Integer.MAX_VALUE).map(Long::intValue);
        Optional<Long> originOffset = number(headers, EventHeaders.ORIGINAL_OFFSET).filter(offset -> offset >= 0);
        Optional<Origin> origin = originTopic.isPresent() && originPartition.isPresent() && originOffset.isPresent()
                ? Optional.of(new Origin(originTopic.get(), originPartition.get(), originOffset.get()))
                : Optional.empty();
        return new RetryHeaders(
                number(headers, EventHeaders.ATTEMPT).filter(attempt -> attempt >= 1 && attempt <= 1000)
                        .map(Long::intValue),
                origin,
                instant(headers, EventHeaders.FIRST_FAILURE_AT)
                        .filter(at -> !at.isBefore(EARLIEST) && !at.isAfter(now.plus(MAX_CLOCK_SKEW))),
                // a due time before any record could have been written is as meaningless as one far ahead
                instant(headers, EventHeaders.DUE_AT).filter(at -> !at.isBefore(EARLIEST)),
                longText(headers, EventHeaders.LAST_ERROR, MAX_ERROR_LENGTH),
                longText(headers, EventHeaders.ERROR_CLASS, MAX_ERROR_CLASS_LENGTH));
    }

    private static Optional<byte[]> raw(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty() : Optional.of(header.value());
    }

    private static Optional<String> text(Headers headers, String name) {
        return raw(headers, name).filter(bytes -> bytes.length <= MAX_VALUE_BYTES)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8).strip());
    }

    private static Optional<String> longText(Headers headers, String name, int maxLength) {
        return raw(headers, name)
                .map(bytes -> new String(bytes, 0, Math.min(bytes.length, maxLength * 4), StandardCharsets.UTF_8))
                .map(value -> BoundedText.of(value, maxLength).strip())
                .filter(value -> !value.isEmpty());
    }

    private static Optional<Long> number(Headers headers, String name) {
        return text(headers, name).filter(value -> value.matches("[0-9]{1,18}")).map(Long::valueOf);
    }

    private static Optional<Instant> instant(Headers headers, String name) {
        return text(headers, name).flatMap(value -> {
            try {
                return Optional.of(Instant.parse(value));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
