package io.rechargenotify.recharge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reconciliation listing: keyset pages over a completion window, while recharges keep arriving. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class RechargeListingTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    /** A one-hour window at a random minute of 2000-2019: no other run or test has rows in it. */
    private final Instant windowStart = Instant.parse("2000-01-01T00:00:00Z")
            .plus(ThreadLocalRandom.current().nextLong(20L * 365 * 24 * 60), ChronoUnit.MINUTES);
    private final Instant windowEnd = windowStart.plus(Duration.ofHours(1));

    @Test
    void keysetPagesCoverTheWindowExactlyOnceWhileInsertsGoOn() throws Exception {
        Set<String> existing = new HashSet<>();
        for (int second = 0; second < 20; second++) {
            // Three recharges share each completion instant: the txNo breaks the tie.
            for (int i = 0; i < 3; i++) {
                UUID txNo = UUID.randomUUID();
                RechargeDb.insertCompleted(txNo, "LIST-" + i, i == 2 ? "FAILED" : "SUCCEEDED",
                        windowStart.plusSeconds(second * 60L));
                existing.add(txNo.toString());
            }
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        CompletableFuture<Integer> inserts = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            while (paging.get() || count < 10) {
                RechargeDb.insertCompleted(UUID.randomUUID(), "LIST-LATE",  "SUCCEEDED",
                        windowStart.plusSeconds(ThreadLocalRandom.current().nextLong(3600)));
                count++;
            }
            return count;
        });

        List<Map<String, Object>> seen = new ArrayList<>();
        String after = null;
        do {
            var request = given().queryParam("completedFrom", windowStart.toString())
                    .queryParam("completedTo", windowEnd.toString())
                    .queryParam("limit", 7);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/recharges").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items"));
            after = page.getString("next");
        } while (after != null);
        paging.set(false);
        assertThat(inserts.get()).isGreaterThanOrEqualTo(10);

        List<String> txNos = seen.stream().map(item -> (String) item.get("txNo")).toList();
        assertThat(new HashSet<>(txNos)).as("no recharge twice").hasSameSizeAs(txNos);
        assertThat(txNos).as("every recharge that existed before paging").containsAll(existing);
        for (int i = 1; i < seen.size(); i++) {
            String previous = seen.get(i - 1).get("completedAt") + "|" + seen.get(i - 1).get("txNo");
            String current = seen.get(i).get("completedAt") + "|" + seen.get(i).get("txNo");
            assertThat(Instant.parse((String) seen.get(i).get("completedAt")))
                    .isBetween(windowStart, windowEnd.minusNanos(1));
            assertThat(compareKeys(seen.get(i - 1), seen.get(i))).as("%s before %s", previous, current)
                    .isNegative();
        }
    }

    @Test
    void filtersByStatusAndAccount() {
        String account = "LIST-ONE-" + UUID.randomUUID().toString().substring(0, 6);
        UUID failed = UUID.randomUUID();
        UUID succeeded = UUID.randomUUID();
        RechargeDb.insertCompleted(failed, account, "FAILED", windowStart.plusSeconds(5));
        RechargeDb.insertCompleted(succeeded, account, "SUCCEEDED", windowStart.plusSeconds(6));
        RechargeDb.insertCompleted(UUID.randomUUID(), "LIST-OTHER", "FAILED", windowStart.plusSeconds(7));

        JsonPath failedOnly = given().queryParam("completedFrom", windowStart.toString())
                .queryParam("completedTo", windowEnd.toString())
                .queryParam("status", "FAILED").queryParam("accountNo", account)
                .get("/recharges").then().statusCode(200).extract().jsonPath();
        assertThat(failedOnly.getList("items.txNo")).containsExactly(failed.toString());
        assertThat(failedOnly.getList("items.failureReason")).containsExactly("declined");
        assertThat(failedOnly.getString("next")).isNull();

        assertThat(given().queryParam("completedFrom", windowStart.toString())
                .queryParam("completedTo", windowEnd.toString()).queryParam("accountNo", account)
                .get("/recharges").then().statusCode(200).extract().jsonPath().getList("items.txNo"))
                .containsExactly(failed.toString(), succeeded.toString());
    }

    @Test
    void pendingRechargesAreListedInCreationOrderAndThoseTakenBeforeATime() throws Exception {
        String account = "LIST-PEND-" + UUID.randomUUID().toString().substring(0, 6);
        // Taken "tomorrow": the recovery job (which asks about PENDING recharges older than 10 s here) leaves them be.
        Instant base = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        List<UUID> pending = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try {
            for (int i = 0; i < pending.size(); i++) {
                insertPendingAt(pending.get(i), account, base.plusSeconds(i));
            }
            RechargeDb.insertCompleted(UUID.randomUUID(), account, "SUCCEEDED", windowStart.plusSeconds(8));

            JsonPath first = given().queryParam("status", "PENDING").queryParam("accountNo", account)
                    .queryParam("limit", 2).get("/recharges").then().statusCode(200).extract().jsonPath();
            assertThat(first.getList("items.txNo")).containsExactly(pending.get(0).toString(),
                    pending.get(1).toString());
            assertThat(first.getList("items.status")).containsOnly("PENDING");
            JsonPath rest = given().queryParam("status", "PENDING").queryParam("accountNo", account)
                    .queryParam("limit", 2).queryParam("after", first.getString("next")).get("/recharges").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(rest.getList("items.txNo")).containsExactly(pending.get(2).toString());
            assertThat(rest.getString("next")).isNull();

            assertThat(given().queryParam("status", "PENDING").queryParam("accountNo", account)
                    .queryParam("createdBefore", base.plusMillis(1500).toString()).get("/recharges").then()
                    .statusCode(200).extract().jsonPath().getList("items.txNo"))
                    .containsExactly(pending.get(0).toString(), pending.get(1).toString());
            TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> given().queryParam("status", "PENDING")
                    .get("/recharges").then().statusCode(200));
        } finally {
            RechargeDb.deletePending(pending);
        }
    }

    @Test
    void badListingParametersAreProblems() {
        for (Map<String, String> params : List.of(
                Map.of("status", "PENDING", "completedFrom", "2026-01-01T00:00:00Z"),
                Map.of("createdBefore", "2026-01-01T00:00:00Z"),
                Map.of("status", "SUCCEEDED", "createdBefore", "2026-01-01T00:00:00Z"),
                Map.of("status", "PENDING", "createdBefore", "tomorrow"),
                Map.of("status", "succeeded"),
                Map.of("limit", "0"),
                Map.of("limit", "1001"),
                Map.of("limit", "ten"),
                Map.of("after", "not-a-cursor"),
                Map.of("completedFrom", "yesterday"),
                Map.of("completedFrom", "2026-01-02T00:00:00Z", "completedTo", "2026-01-01T00:00:00Z"),
                Map.of("accountNo", "a b"))) {
            given().queryParams(params).get("/recharges")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    private static void insertPendingAt(UUID txNo, String accountNo, Instant createdAt) throws SQLException {
        try (Connection db = TestDatabases.connect(RechargeDb.DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
                        VALUES (?, ?, 8.00, 'CNY', 'PENDING', ?)""")) {
            insert.setObject(1, txNo);
            insert.setString(2, accountNo);
            insert.setTimestamp(3, Timestamp.from(createdAt));
            insert.executeUpdate();
        }
    }

    /** The database's order: completion time, then the txNo's bytes (which is its lower-case text order). */
    private static int compareKeys(Map<String, Object> a, Map<String, Object> b) {
        int byTime = Instant.parse((String) a.get("completedAt")).compareTo(Instant.parse((String) b.get("completedAt")));
        return byTime != 0 ? byTime : ((String) a.get("txNo")).compareTo((String) b.get("txNo"));
    }
}
