package io.rechargenotify.recharge;

import static io.rechargenotify.recharge.RechargeRequests.freshAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
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
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operators' txNo look-up in the outbox: a recharge's rows, newest first, in pages, with ops:read only. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class RechargeOutboxApiTest {

    private static final String READER = TestTokens.forRoles(Roles.OPS_READ);

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void aRechargesRowsAreListedNewestFirstInPagesWithoutPayloads() {
        String account = freshAccount("BY-TXNO");
        UUID txNo = RechargeRequests.post(account, "3.00");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rows(txNo, "").getList("items").size() == 1);
        String payload = EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, txNo, account,
                new BigDecimal("3.00"), "CNY", Instant.now()));
        // Its result notified twice more (as a re-drive would), and another recharge of the account, never listed.
        List<Long> again = RechargeDb.insertOutboxRows(txNo, account, List.of(payload, payload));
        RechargeRequests.post(account, "4.00");

        TestTokens.as(READER, () -> {
            JsonPath all = rows(txNo, "");
            List<Long> ids = all.getList("items.id", Long.class);
            assertThat(ids).hasSize(3).startsWith(again.get(1), again.get(0))
                    .isSortedAccordingTo((a, b) -> b.compareTo(a));
            assertThat(all.getString("next")).isNull();
            List<Map<String, Object>> items = all.getList("items");
            assertThat(items).allSatisfy(row -> assertThat(row).containsEntry("txNo", txNo.toString())
                    .containsEntry("topic", Topics.RECHARGE_RESULTS).containsEntry("key", account)
                    .containsEntry("payload", null).containsEntry("parkedAt", null));
            assertThat(items.get(0)).containsEntry("payloadBytes", payload.getBytes(StandardCharsets.UTF_8).length);

            JsonPath first = rows(txNo, "&limit=2");
            assertThat(first.getList("items.id", Long.class)).containsExactlyElementsOf(ids.subList(0, 2));
            assertThat(first.getLong("next")).isEqualTo(ids.get(1));
            JsonPath second = rows(txNo, "&limit=2&after=" + first.getLong("next"));
            assertThat(second.getList("items.id", Long.class)).containsExactly(ids.get(2));
            assertThat(second.getString("next")).isNull();
        });
    }

    @Test
    void aRechargeWithoutRowsIsAnEmptyPage() {
        TestTokens.as(READER, () -> given().get("/outbox?txNo=" + UUID.randomUUID()).then().statusCode(200)
                .body("items", empty()).body("next", nullValue()));
    }

    @Test
    void badParametersAreProblemsAndOnlyOpsReadMayLook() {
        String txNo = "txNo=" + UUID.randomUUID();
        Map<String, String> bad = Map.of("limit=10", "txNo must be a UUID", "txNo=", "txNo must be a UUID",
                "txNo=not-a-uuid", "txNo must be a UUID", "txNo=1-1-1-1-1", "txNo must be a UUID",
                txNo + "&limit=0", "limit", txNo + "&limit=201", "limit", txNo + "&limit=x", "limit",
                txNo + "&after=0", "after", txNo + "&after=-1", "after", txNo + "&after=1e3", "after");
        TestTokens.as(READER, () -> bad.forEach((query, detail) -> given().get("/outbox?" + query).then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString(detail))));
        TestTokens.as(TestTokens.forRoles(Roles.RECHARGE_READ, Roles.RECHARGE_WRITE, Roles.OPS_WRITE),
                () -> given().get("/outbox?" + txNo).then().statusCode(403).contentType("application/problem+json"));
        TestTokens.withoutToken(() -> given().get("/outbox?" + txNo).then().statusCode(401)
                .contentType("application/problem+json"));
    }

    private static JsonPath rows(UUID txNo, String more) {
        return given().get("/outbox?txNo=" + txNo + more).then().statusCode(200).extract().jsonPath();
    }
}
