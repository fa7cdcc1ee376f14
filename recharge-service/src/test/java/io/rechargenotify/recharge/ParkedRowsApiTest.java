package io.rechargenotify.recharge;

import static io.rechargenotify.recharge.RechargeRequests.freshAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operators' view of parked outbox rows: list, inspect, return one to the relay – recorded with who did it. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class ParkedRowsApiTest {

    private static final String REFUSAL = "TopicAuthorizationException: not authorized to access topics";

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void aParkedRowIsListedInspectedAndOnceUnparkedPublishedWithWhoDidIt() {
        String account = freshAccount("PARKED");
        UUID txNo = RechargeRequests.post(account, "2.00");
        String payload = EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, txNo, account,
                new BigDecimal("2.00"), "CNY", Instant.now()));
        long id = insertParked(txNo, account, payload);
        String reader = TestTokens.forRoles(Roles.OPS_READ);
        String operator = TestTokens.token().roles(Roles.OPS_WRITE).subject("operator-ann").sign();

        TestTokens.as(reader, () -> {
            Map<String, Object> listed = findListed(id);
            assertThat(listed).containsEntry("txNo", txNo.toString()).containsEntry("key", account)
                    .containsEntry("payload", null).containsEntry("payloadBytes", payload.length())
                    .containsEntry("lastError", REFUSAL).containsEntry("publishedAt", null);
            assertThat(listed.get("parkedAt")).isNotNull();
            given().get("/outbox/" + id).then().statusCode(200).body("payload", equalTo(payload));
            given().post("/outbox/" + id + "/unpark").then().statusCode(403);
        });
        assertThat(publishedAt(id)).as("a reader cannot unpark").isNull();

        TestTokens.as(operator, () -> given().post("/outbox/" + id + "/unpark").then().statusCode(200)
                .body("parkedAt", nullValue()).body("unparkedBy", equalTo("operator-ann")));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> publishedAt(id) != null);
        String eventId = JsonPath.from(payload).getString("eventId");
        var published = TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS, record -> record.value().contains(eventId), 1,
                Duration.ofSeconds(30));
        assertThat(published.get(0).headers().lastHeader("traceparent")).as("tracing is off here, the default: no "
                + "trace context on the record").isNull();
        TestTokens.as(operator, () -> given().post("/outbox/" + id + "/unpark").then().statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(
                        "was published")));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("outbox_unparked_total(\\{[^}]*})? [1-9]");
    }

    @Test
    void unknownRowsAndBadPagesAreProblems() {
        given().get("/outbox/" + Long.MAX_VALUE).then().statusCode(404).contentType("application/problem+json");
        given().post("/outbox/" + Long.MAX_VALUE + "/unpark").then().statusCode(404)
                .contentType("application/problem+json");
        for (String bad : List.of("limit=0", "limit=201", "limit=abc", "after=-1", "after=1e3")) {
            given().get("/outbox/parked?" + bad).then().statusCode(400).contentType("application/problem+json");
        }
        String withoutOpsRole = TestTokens.forRoles(Roles.RECHARGE_READ, Roles.RECHARGE_WRITE);
        TestTokens.as(withoutOpsRole, () -> given().get("/outbox/parked").then().statusCode(403));
        TestTokens.withoutToken(() -> given().get("/outbox/parked").then().statusCode(401));
    }

    /** Follows the pages until the row shows up (other tests park rows too). */
    private static Map<String, Object> findListed(long id) {
        String after = "0";
        while (after != null) {
            JsonPath page = given().get("/outbox/parked?limit=2&after=" + after).then().statusCode(200).extract()
                    .jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                if (((Number) item.get("id")).longValue() == id) {
                    return item;
                }
            }
            after = page.getString("next");
        }
        throw new AssertionError("outbox row " + id + " not listed as parked");
    }

    /** A row the relay parked earlier (the broker refused it then); its cause is gone now. */
    private static long insertParked(UUID txNo, String key, String payload) {
        try (Connection db = TestDatabases.connect(RechargeDb.DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO outbox (tx_no, topic, message_key, payload, created_at, attempts, last_error,
                                            parked_at)
                        VALUES (?, 'recharge-results', ?, ?, now(), 1, ?, now()) RETURNING id""")) {
            insert.setObject(1, txNo);
            insert.setString(2, key);
            insert.setString(3, payload);
            insert.setString(4, REFUSAL);
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publishedAt(long id) {
        try (Connection db = TestDatabases.connect(RechargeDb.DATABASE);
                PreparedStatement query = db.prepareStatement("SELECT published_at FROM outbox WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
