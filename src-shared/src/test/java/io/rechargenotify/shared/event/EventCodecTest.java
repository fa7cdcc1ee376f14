package io.rechargenotify.shared.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final RechargeResultEvent event = new RechargeResultEvent(
            UUID.fromString("11111111-2222-3333-4444-555555555555"), RechargeEventType.RechargeSucceeded,
            UUID.fromString("3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30"), "ACC-1", new BigDecimal("100.00"), "CNY",
            Instant.parse("2026-11-23T10:15:30.123Z"), 1);

    @Test
    void writesTheContractFieldsWithMoneyAsString() {
        assertThat(EventCodec.encode(event)).isEqualTo("{\"eventId\":\"11111111-2222-3333-4444-555555555555\","
                + "\"type\":\"RechargeSucceeded\",\"txNo\":\"3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30\","
                + "\"accountNo\":\"ACC-1\",\"amount\":\"100.00\",\"currency\":\"CNY\","
                + "\"occurredAt\":\"2026-11-23T10:15:30.123Z\",\"schemaVersion\":1}");
    }

    @Test
    void roundTripKeepsEveryFieldAndTheAmountScale() {
        RechargeResultEvent read = EventCodec.decode(EventCodec.encode(event));
        assertThat(read).isEqualTo(event);
        assertThat(read.amount().scale()).isEqualTo(2);
    }

    @Test
    void refusesValuesOfTheWrongJsonType() {
        String json = EventCodec.encode(event);
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"100.00\"", "100.00")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("amount must be a JSON string");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"100.00\"", "{\"value\":\"100.00\"}")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"schemaVersion\":1", "\"schemaVersion\":1.5")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"2026-11-23T10:15:30.123Z\"", "1795000000")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("occurredAt");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"ACC-1\"", "42")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("accountNo");
    }

    @Test
    void refusesDuplicateKeysAndTrailingContent() {
        String json = EventCodec.encode(event);
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"amount\":\"100.00\"",
                "\"amount\":\"1.00\",\"amount\":\"100.00\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> EventCodec.decode(json + "{}")).isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void boundsValuesAsTheApiDoes() {
        String json = EventCodec.encode(event);
        assertThat(EventCodec.decode(json.replace("\"100.00\"", "\"1000000.00\"")).amount())
                .isEqualByComparingTo("1000000.00");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"100.00\"", "\"1000000.01\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("largest recharge");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"ACC-1\"", "\"" + "A".repeat(300) + "\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("accountNo");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"ACC-1\"", "\"ACC\\u0000-1\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("accountNo");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"ACC-1\"", "\"ACC\t-1\"")))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> EventCodec.decode(json.replace("2026-11-23", "1900-01-01")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("occurredAt");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("2026-11-23", "2999-01-01")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("occurredAt");
    }

    @Test
    void ignoresFieldsAddedByANewerProducerOfTheSameSchemaVersion() {
        String json = EventCodec.encode(event).replace("{", "{\"channel\":\"bank\",");
        assertThat(EventCodec.decode(json)).isEqualTo(event);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[]",
        "{}",
        "{\"type\":\"RechargeSucceeded\"}",
    })
    void refusesWhatIsNotAnEvent(String payload) {
        assertThatThrownBy(() -> EventCodec.decode(payload)).isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void refusesUnknownSchemaVersionTypeAndImplausibleValues() {
        String json = EventCodec.encode(event);
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"schemaVersion\":1", "\"schemaVersion\":2")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("RechargeSucceeded", "RechargeRefunded")))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"100.00\"", "\"-1.00\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"100.00\"", "\"1.001\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"CNY\"", "\"XXZ\"")))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("currency");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"txNo\":\"3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30\",",
                ""))).isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void retryTopicNamesFollowTheContract() {
        assertThat(Topics.retry("5m")).isEqualTo("recharge-results.retry-5m");
        assertThat(Topics.RECHARGE_RESULTS_DLT).isEqualTo("recharge-results.dlt");
    }
}
