package io.rechargenotify.system.hostile;

import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.TestEventKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The catalogue of hostile and malformed records: what a buggy, foreign or malicious producer can put on the main
 * topic, a retry topic or the dead-letter topic. None of them can ever be applied; each must end as one dead letter
 * with a reason, and none may stop a consumer.
 *
 * <p>Records keyed by a real account land on the same partitions as that account's good results. A result that only
 * an unknown account makes unappliable (the header kinds) names an account that does not exist, so the header is the
 * only hostile thing about it; a payload kind names a real account wherever that is what makes it dangerous (a
 * consumer that wrongly accepts it credits money the balance check then finds). No record carries a valid
 * {@code rn-original-*} trio, so each is dead-lettered at the coordinates it was produced at.
 */
final class HostileRecords {

    /** The value near 1 MB: re-sent with the hand-off's headers it no longer fits the broker's default limit. */
    static final int NEAR_ONE_MB = 1_040_000;
    private static final int HUNDRED_KB = 100 * 1024;

    /** One hostile record; {@code dueWithinStep} when it must be dead-lettered within about one ladder step. */
    record Hostile(String kind, ProducerRecord<byte[], byte[]> record, boolean dueWithinStep) {

        /** The payload as the dead letter must show it in full (the too-large record's). */
        String text() {
            return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        }
    }

    private final List<String> accounts;
    private final String retryTopic;
    private final List<Hostile> records = new ArrayList<>();
    private int next;

    private HostileRecords(List<String> accounts, String retryTopic) {
        this.accounts = accounts;
        this.retryTopic = retryTopic;
    }

    /** Every kind once, keyed by the given accounts in turn; retry-topic kinds go to {@code retryTopic}. */
    static List<Hostile> catalogue(List<String> accounts, String retryTopic) {
        HostileRecords c = new HostileRecords(accounts, retryTopic);
        c.headersOnTheMainTopic();
        c.headersOnARetryTopic();
        c.payloads();
        c.keys();
        c.straightToTheDeadLetterTopic();
        c.signatures();
        return List.copyOf(c.records);
    }

    /** Retry headers on the main topic mean nothing there; they must not break the hand-off either. */
    private void headersOnTheMainTopic() {
        for (String attempt : List.of("x", "-1", "99999999999", "0")) {
            main("main rn-attempt=" + attempt, unknownAccount(), Map.of(EventHeaders.ATTEMPT, attempt));
        }
        main("main rn-due-at far future", unknownAccount(), Map.of(EventHeaders.DUE_AT, "+100000-01-01T00:00:00Z"));
        main("main rn-first-failure-at beyond Postgres", unknownAccount(),
                Map.of(EventHeaders.FIRST_FAILURE_AT, "+200000-01-01T00:00:00Z"));
        main("main forged rn-original trio", unknownAccount(), Map.of(EventHeaders.ORIGINAL_TOPIC, "elsewhere",
                EventHeaders.ORIGINAL_PARTITION, "0", EventHeaders.ORIGINAL_OFFSET, "999999"));
        main("main rn-original-partition/offset not numbers", unknownAccount(), Map.of(
                EventHeaders.ORIGINAL_PARTITION, "zero", EventHeaders.ORIGINAL_OFFSET, "1e3"));
        main("main 100 kB header", unknownAccount(), Map.of("x-padding", "h".repeat(HUNDRED_KB)));
    }

    /** Records on a retry topic carry the headers the consumer schedules and routes by. */
    private void headersOnARetryTopic() {
        for (String attempt : List.of("x", "-1", "99999999999", "0")) {
            retry("retry rn-attempt=" + attempt, unknownAccount(), Map.of(EventHeaders.ATTEMPT, attempt), false);
        }
        retry("retry rn-due-at unparseable", unknownAccount(), Map.of(EventHeaders.DUE_AT, "next tuesday"), false);
        retry("retry rn-due-at year +100000", unknownAccount(),
                Map.of(EventHeaders.DUE_AT, "+100000-01-01T00:00:00Z"), true);
        retry("retry rn-due-at year 2999", unknownAccount(), Map.of(EventHeaders.DUE_AT, "2999-01-01T00:00:00Z"),
                true);
        retry("retry rn-first-failure-at year +200000", unknownAccount(),
                Map.of(EventHeaders.FIRST_FAILURE_AT, "+200000-01-01T00:00:00Z"), false);
        retry("retry rn-first-failure-at year -5000", unknownAccount(),
                Map.of(EventHeaders.FIRST_FAILURE_AT, "-5000-01-01T00:00:00Z"), false);
        retry("retry rn-original-partition/offset not numbers", unknownAccount(), Map.of(
                EventHeaders.ORIGINAL_TOPIC, Topics.RECHARGE_RESULTS, EventHeaders.ORIGINAL_PARTITION, "zero",
                EventHeaders.ORIGINAL_OFFSET, "NaN"), false);
        retry("retry rn-original-partition/offset huge", unknownAccount(), Map.of(
                EventHeaders.ORIGINAL_TOPIC, Topics.RECHARGE_RESULTS,
                EventHeaders.ORIGINAL_PARTITION, "99999999999",
                EventHeaders.ORIGINAL_OFFSET, "99999999999999999999999"), false);
        retry("retry 100 kB rn-original-topic", unknownAccount(), Map.of(
                EventHeaders.ORIGINAL_TOPIC, "t".repeat(HUNDRED_KB), EventHeaders.ORIGINAL_PARTITION, "0",
                EventHeaders.ORIGINAL_OFFSET, "0"), false);
        retry("retry not JSON", utf8("{\"txNo\": \"" + UUID.randomUUID() + "\", not json"), Map.of(), false);
        retry("retry tombstone", null, Map.of(), false);
    }

    /** Values that are no event, or an event no account may be credited from. */
    private void payloads() {
        String account = account();
        main("not JSON", utf8("{\"txNo\": \"" + UUID.randomUUID() + "\", not json"), account);
        main("JSON that is no event", utf8("{\"hello\":\"world\"}"), account);
        main("amount as a number", Event.of(account = account()).set("amount", "5.00").bytes(), account);
        main("amount as an object", Event.of(account = account()).set("amount", "{\"value\":\"5.00\"}").bytes(),
                account);
        main("schemaVersion as a string", Event.of(account = account()).set("schemaVersion", "\"1\"").bytes(),
                account);
        main("two amount keys", Event.of(account = account()).append("\"amount\":\"900.00\"").bytes(), account);
        main("invalid UTF-8 bytes", concat(utf8("{\"accountNo\":\""), new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF,
                (byte) 0xFE }, utf8("\"}")), account = account());
        String[] around = Event.of("@ACCOUNT@").json().split("@ACCOUNT@");
        main("invalid UTF-8 in accountNo", concat(utf8(around[0] + (account = account())),
                new byte[] { (byte) 0xFF, (byte) 0xC0 }, utf8(around[1])), account);
        main("escaped NUL in accountNo", Event.of(account = account()).set("accountNo",
                "\"" + account + "\\u0000\"").bytes(), account);
        main("raw control characters in accountNo", Event.of(account = account()).set("accountNo",
                "\"" + account + "\u0001\u0007\u001b\"").bytes(), account);
        main("raw NUL byte in txNo", Event.of(account = account()).set("txNo",
                "\"" + UUID.randomUUID() + "\u0000\"").bytes(), account);
        main("accountNo of 100 kB", Event.of("A".repeat(HUNDRED_KB)).bytes(), account());
        main("accountNo of 300 characters", Event.of("A".repeat(300)).bytes(), account());
        main("unknown type", Event.of(account = account()).set("type", "\"RechargeRefunded\"").bytes(), account);
        main("future schemaVersion 2", Event.of(account = account()).set("schemaVersion", "2").bytes(), account);
        main("amount above the maximum", Event.of(account = account()).set("amount", "\"1000000.01\"").bytes(),
                account);
        main("amount zero", Event.of(account = account()).set("amount", "\"0.00\"").bytes(), account);
        main("amount negative", Event.of(account = account()).set("amount", "\"-5.00\"").bytes(), account);
        main("amount with 3 decimals", Event.of(account = account()).set("amount", "\"1.005\"").bytes(), account);
        main("accountNo of a bad format", Event.of("no such account!").bytes(), account());
        main("occurredAt year 1900", Event.of(account = account()).set("occurredAt", "\"1900-01-01T00:00:00Z\"")
                .bytes(), account);
        main("occurredAt year 2999", Event.of(account = account()).set("occurredAt", "\"2999-01-01T00:00:00Z\"")
                .bytes(), account);
        main("unknown account", unknownAccount(), account());
        main("currency mismatch", Event.of(account = account()).set("currency", "\"USD\"").bytes(), account);
        main("tombstone", null, account());
        Event big = Event.of(nobody());
        int padding = NEAR_ONE_MB - big.json().length() - ",\"note\":\"\"".length();
        main("value of 1,040,000 bytes", big.append("\"note\":\"" + "n".repeat(padding) + "\"").bytes(), account());
    }

    private void keys() {
        add("empty key", new ProducerRecord<>(Topics.RECHARGE_RESULTS, new byte[0], unknownAccount()), false);
        add("missing key", new ProducerRecord<>(Topics.RECHARGE_RESULTS, null, utf8("not json at all")), false);
        add("key with NUL and invalid UTF-8", new ProducerRecord<>(Topics.RECHARGE_RESULTS,
                concat(utf8(account()), new byte[] { 0, (byte) 0xFF }), unknownAccount()), false);
    }

    /** Written to the dead-letter topic directly, as a foreign producer or a botched operator script would. */
    private void straightToTheDeadLetterTopic() {
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put(EventHeaders.ATTEMPT, "x");
        hostile.put(EventHeaders.FIRST_FAILURE_AT, "+200000-01-01T00:00:00Z");
        hostile.put(EventHeaders.DUE_AT, "never");
        hostile.put(EventHeaders.ORIGINAL_TOPIC, Topics.RECHARGE_RESULTS);
        hostile.put(EventHeaders.ORIGINAL_PARTITION, "-1");
        hostile.put(EventHeaders.ORIGINAL_OFFSET, "huge");
        hostile.put(EventHeaders.ERROR_CLASS, "c".repeat(100));
        hostile.put(EventHeaders.LAST_ERROR, "e".repeat(10_000));
        dlt("DLT garbage with hostile headers", concat(new byte[] { (byte) 0xFF, 0 }, utf8("garbage \u0000")),
                hostile);
        dlt("DLT garbage without headers", utf8("garbage"), Map.of());
        dlt("DLT rn-first-failure-at year -5000", unknownAccount(),
                Map.of(EventHeaders.FIRST_FAILURE_AT, "-5000-01-01T00:00:00Z"));
        dlt("DLT tombstone", null, Map.of());
    }

    /**
     * Well-formed results for real accounts that do not prove they come from recharge-service (every other record
     * here is signed): none may be credited.
     */
    private void signatures() {
        EventSignature.Key otherKey = EventSignature.Key.of(TestEventKeys.KEY_ID, java.util.Base64.getEncoder()
                .encodeToString(utf8("not the key recharge-service uses")));
        forged("unsigned event for a real account", value -> Map.of());
        forged("signed with another key under the right key id", value -> Map.of(EventHeaders.SIGNATURE,
                EventSignature.sign(otherKey, value)));
        forged("genuine signature of another payload", value -> Map.of(EventHeaders.SIGNATURE,
                EventSignature.sign(TestEventKeys.KEY, "{}")));
        forged("rn-signature without a MAC", value -> Map.of(EventHeaders.SIGNATURE, "v1," + TestEventKeys.KEY_ID));
        forged("rn-signature of 100 kB", value -> Map.of(EventHeaders.SIGNATURE,
                "v1," + TestEventKeys.KEY_ID + "," + "A".repeat(HUNDRED_KB)));
    }

    private void forged(String kind, java.util.function.Function<String, Map<String, String>> signature) {
        String account = account();
        String value = Event.of(account).json();
        records.add(new Hostile(kind, record(Topics.RECHARGE_RESULTS, account, utf8(value), signature.apply(value)),
                false));
    }

    private void main(String kind, byte[] value, Map<String, String> headers) {
        add(kind, record(Topics.RECHARGE_RESULTS, account(), value, headers), false);
    }

    private void main(String kind, byte[] value, String key) {
        add(kind, record(Topics.RECHARGE_RESULTS, key, value, Map.of()), false);
    }

    private void retry(String kind, byte[] value, Map<String, String> headers, boolean dueWithinStep) {
        add(kind, record(retryTopic, account(), value, headers), dueWithinStep);
    }

    private void dlt(String kind, byte[] value, Map<String, String> headers) {
        add(kind, record(Topics.RECHARGE_RESULTS_DLT, account(), value, headers), false);
    }

    private void add(String kind, ProducerRecord<byte[], byte[]> record, boolean dueWithinStep) {
        records.add(new Hostile(kind, RawProducer.signed(record), dueWithinStep));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value,
            Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, utf8(key), value);
        headers.forEach((name, text) -> record.headers().add(new RecordHeader(name, utf8(text))));
        return record;
    }

    /** The next real account, in turn, so the hostile records spread over the good results' partitions. */
    private String account() {
        return accounts.get(next++ % accounts.size());
    }

    /** A well-formed event that only an account that does not exist makes unappliable. */
    private static byte[] unknownAccount() {
        return Event.of(nobody()).bytes();
    }

    private static String nobody() {
        return "NOBODY-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    /** A recharge result written field by field as raw JSON, so any field can be given any (wrong) JSON. */
    private static final class Event {

        private final Map<String, String> fields = new LinkedHashMap<>();
        private final List<String> extra = new ArrayList<>();

        static Event of(String accountNo) {
            Event event = new Event();
            event.fields.put("eventId", quoted(UUID.randomUUID().toString()));
            event.fields.put("type", quoted("RechargeSucceeded"));
            event.fields.put("txNo", quoted(UUID.randomUUID().toString()));
            event.fields.put("accountNo", quoted(accountNo));
            event.fields.put("amount", quoted("5.00"));
            event.fields.put("currency", quoted("CNY"));
            event.fields.put("occurredAt", quoted(Instant.now().toString()));
            event.fields.put("schemaVersion", "1");
            return event;
        }

        Event set(String field, String json) {
            fields.put(field, json);
            return this;
        }

        /** One more member after the fields, e.g. a second {@code "amount"}. */
        Event append(String member) {
            extra.add(member);
            return this;
        }

        String json() {
            List<String> members = new ArrayList<>();
            fields.forEach((name, json) -> members.add(quoted(name) + ":" + json));
            members.addAll(extra);
            return "{" + String.join(",", members) + "}";
        }

        byte[] bytes() {
            return utf8(json());
        }

        private static String quoted(String text) {
            return "\"" + text + "\"";
        }
    }
}
