package io.rechargenotify.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two recharge-service replicas on one database, both relaying the same outbox while recharges pour into both: every
 * result is published, none twice (no row claimed by both), and each account's results leave in commit order.
 */
class TwoRelaysIT {

    private static final int RECHARGES = 400;
    private static final int ACCOUNTS = 40;

    private static ServiceProcess first;
    private static ServiceProcess second;

    @BeforeAll
    static void startTwoReplicas() {
        Map<String, String> env = new java.util.HashMap<>(SystemEnv.forDatabase(SystemEnv.RECHARGE_DB));
        // Small claims, so the two relays must take turns while the rows arrive: with the default batch (500) one
        // relay could claim all 400 rows at once on a busy machine, and the test would show no concurrency at all.
        env.put("RECHARGE_RELAY_BATCH_SIZE", "5");
        first = ServiceProcess.start("recharge-service", "recharge-service-1", env);
        second = ServiceProcess.start("recharge-service", "recharge-service-2", env);
    }

    @AfterAll
    static void stopReplicas() {
        ServiceProcess.closeAll(first, second);
    }

    @Test
    void twoRelaysPublishEveryRowOnceInPerAccountOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add("TWO-" + run + "-" + i);
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<CompletableFuture<UUID>> posts = new ArrayList<>();
        for (int i = 0; i < RECHARGES; i++) {
            ServiceProcess replica = i % 2 == 0 ? first : second;
            String account = accounts.get(i % ACCOUNTS);
            posts.add(CompletableFuture.supplyAsync(() -> post(replica, account), clients));
        }
        List<UUID> txNos = new ArrayList<>();
        for (CompletableFuture<UUID> post : posts) {
            txNos.add(post.get());
        }
        clients.shutdown();

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> publishedCount(txNos) == RECHARGES);

        Set<String> wanted = txNos.stream().map(UUID::toString).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> records = TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS,
                record -> wanted.contains(EventCodec.decode(record.value()).txNo().toString()), RECHARGES,
                Duration.ofSeconds(60));
        Map<UUID, Long> copies = records.stream().collect(Collectors.groupingBy(
                record -> EventCodec.decode(record.value()).txNo(), Collectors.counting()));
        assertThat(copies).hasSize(RECHARGES);
        assertThat(copies.values()).as("no row published by both relays").containsOnly(1L);
        assertThat(publishedBy(first)).as("the first replica's relay took part").isPositive();
        assertThat(publishedBy(second)).as("the second replica's relay took part").isPositive();
        for (String account : accounts) {
            List<UUID> topicOrder = records.stream().filter(record -> record.key().equals(account))
                    .map(record -> EventCodec.decode(record.value()).txNo()).toList();
            assertThat(topicOrder).as("results of %s in commit order", account).isEqualTo(outboxOrder(account));
        }
    }

    private static UUID post(ServiceProcess replica, String account) {
        UUID txNo = UUID.randomUUID();
        given().baseUri(replica.baseUrl()).contentType(ContentType.JSON)
                .body("""
                        {"txNo":"%s","accountNo":"%s","amount":"1.00","currency":"CNY"}""".formatted(txNo, account))
                .post("/recharges").then().statusCode(201);
        return txNo;
    }

    /** The replica's own count of rows it published, from its Prometheus metrics. */
    private static double publishedBy(ServiceProcess replica) {
        String metrics = given().baseUri(replica.baseUrl()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines().filter(line -> line.startsWith("outbox_published_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static int publishedCount(List<UUID> txNos) throws SQLException {
        try (Connection db = TestDatabases.connect(SystemEnv.RECHARGE_DB);
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE tx_no = ANY(?) AND published_at IS NOT NULL")) {
            query.setArray(1, db.createArrayOf("uuid", txNos.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static List<UUID> outboxOrder(String account) throws SQLException {
        try (Connection db = TestDatabases.connect(SystemEnv.RECHARGE_DB);
                PreparedStatement query = db.prepareStatement(
                        "SELECT tx_no FROM outbox WHERE message_key = ? ORDER BY id")) {
            query.setString(1, account);
            List<UUID> order = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    order.add(rows.getObject(1, UUID.class));
                }
            }
            return order;
        }
    }
}
