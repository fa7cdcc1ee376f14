package io.rechargenotify.system.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Real recharges taken by recharge-service ({@code POST /recharges}) from a few concurrent clients, in the background:
 * each result travels through the outbox and the relay to {@code recharge-results}, keyed by account like every
 * production result. Keeps what each account should have been credited.
 */
final class GoodRecharges implements AutoCloseable {

    private static final int CLIENTS = 4;
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final String token = TestTokens.forRoles(Roles.RECHARGE_WRITE);
    private final Map<String, BigDecimal> expected = new ConcurrentHashMap<>();
    private final Queue<String> refused = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final int count;

    private GoodRecharges(String baseUrl, List<String> accounts, int count) {
        this.count = count;
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                for (int i = next.getAndIncrement(); i < count && refused.isEmpty(); i = next.getAndIncrement()) {
                    post(baseUrl, accounts.get(i % accounts.size()), amount(i));
                }
            });
        }
        clients.shutdown();
    }

    /** Starts {@code count} recharges spread over the accounts. */
    static GoodRecharges start(String rechargeServiceUrl, List<String> accounts, int count) {
        return new GoodRecharges(rechargeServiceUrl, accounts, count);
    }

    /** Amounts from 1.00 to 97.99, different enough that a result credited to the wrong account shows. */
    private static String amount(int i) {
        return "%d.%02d".formatted(1 + i % 97, (i * 7) % 100);
    }

    private void post(String baseUrl, String accountNo, String amount) {
        String body = """
                {"txNo":"%s","accountNo":"%s","amount":"%s","currency":"CNY"}"""
                .formatted(UUID.randomUUID(), accountNo, amount);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/recharges"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                refused.add(response.statusCode() + " " + response.body());
                return;
            }
            expected.merge(accountNo, new BigDecimal(amount), BigDecimal::add);
            accepted.incrementAndGet();
        } catch (IOException e) {
            refused.add("no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until at least {@code n} recharges were taken: the stream is that far along. */
    void awaitAccepted(int n) {
        Awaitility.await(n + " recharges taken").atMost(GIVE_UP_AFTER).pollInterval(Duration.ofMillis(20))
                .until(() -> accepted.get() >= n || !refused.isEmpty() || clients.isTerminated());
        assertThat(refused).as("recharges refused").isEmpty();
    }

    void awaitAll() {
        try {
            assertThat(clients.awaitTermination(GIVE_UP_AFTER.toSeconds(), TimeUnit.SECONDS)).as("recharges sent")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(refused).as("recharges refused").isEmpty();
        assertThat(accepted.get()).as("recharges taken").isEqualTo(count);
    }

    /** What each account should have been credited by these recharges. */
    Map<String, BigDecimal> expectedCredits() {
        return Map.copyOf(expected);
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
