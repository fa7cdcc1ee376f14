package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Recharges sent by a few concurrent clients that behave like careful callers of a payments API: a request that gets
 * no answer (connection refused or cut, 5xx, 429) is sent again with the same txNo until it is answered, so a crash
 * of the server never leaves a caller unsure whether its recharge was taken.
 */
final class Load implements AutoCloseable {

    private static final int CLIENTS = 12;
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);
    /** The pause before sending an unanswered request again: a client's back-off, not a synchronisation. */
    private static final long RESEND_PAUSE_MS = 200;
    private static final Pattern TX_NO = Pattern.compile("\"txNo\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final Queue<UUID> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<String> refused = new ConcurrentLinkedQueue<>();
    private final AtomicInteger resent = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final String token = TestTokens.forRoles(Roles.RECHARGE_WRITE, Roles.ACCOUNT_WRITE);
    private final int count;

    private Load(int count) {
        this.count = count;
    }

    /** {@code count} recharges taken by recharge-service ({@code POST /recharges}, answered 201 or 200 on resend). */
    static Load toRechargeService(String baseUrl, List<String> accounts, int count) {
        Load load = new Load(count);
        load.start(i -> {
            UUID txNo = UUID.randomUUID();
            String body = """
                    {"txNo":"%s","accountNo":"%s","amount":"%s","currency":"CNY"}"""
                    .formatted(txNo, accounts.get(i % accounts.size()), amount(i));
            return new Request(URI.create(baseUrl + "/recharges"), body, List.of(200, 201), txNo);
        });
        return load;
    }

    /**
     * {@code count} recharges asked for by accounts through account-service ({@code POST /accounts/{no}/recharges},
     * answered 202). account-service records each before it calls recharge-service, so the answer carries its txNo.
     */
    static Load toAccountService(String baseUrl, List<String> accounts, int count) {
        Load load = new Load(count);
        load.start(i -> new Request(URI.create(baseUrl + "/accounts/" + accounts.get(i % accounts.size())
                + "/recharges"), "{\"amount\":\"" + amount(i) + "\"}", List.of(202), null));
        return load;
    }

    /** Amounts from 1.00 to 97.99, different enough that a recharge credited to the wrong account shows. */
    private static String amount(int i) {
        return "%d.%02d".formatted(1 + i % 97, (i * 7) % 100);
    }

    private void start(IntFunction<Request> requests) {
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                for (int i = next.getAndIncrement(); i < count && refused.isEmpty(); i = next.getAndIncrement()) {
                    send(requests.apply(i));
                }
            });
        }
        clients.shutdown();
    }

    private void send(Request request) {
        HttpRequest post = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(request.body())).build();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
                if (request.answered().contains(response.statusCode())) {
                    accepted.add(request.txNo() != null ? request.txNo() : txNoOf(response.body()));
                    return;
                }
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    refused.add(response.statusCode() + " " + response.body());
                    return;
                }
            } catch (IOException e) {
                // no answer: connection refused or cut; the server may or may not have taken it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            resent.incrementAndGet();
            try {
                Thread.sleep(RESEND_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        refused.add("no answer within " + GIVE_UP_AFTER + " for " + request.body());
    }

    private static UUID txNoOf(String body) {
        Matcher matcher = TX_NO.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no txNo in " + body);
        }
        return UUID.fromString(matcher.group(1));
    }

    /** Waits until at least {@code n} recharges were accepted: the load is that far along. */
    void awaitAccepted(int n) {
        Awaitility.await("" + n + " recharges accepted").atMost(GIVE_UP_AFTER).pollInterval(Duration.ofMillis(50))
                .until(() -> accepted.size() >= n || !refused.isEmpty() || clients.isTerminated());
        assertThat(refused).as("requests refused").isEmpty();
    }

    /** Waits for every recharge to be accepted; returns their txNos. */
    List<UUID> awaitAll() {
        try {
            assertThat(clients.awaitTermination(GIVE_UP_AFTER.toSeconds() + 30, TimeUnit.SECONDS))
                    .as("load finished").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(refused).as("requests refused").isEmpty();
        assertThat(accepted).as("recharges accepted").hasSize(count);
        return new ArrayList<>(accepted);
    }

    int accepted() {
        return accepted.size();
    }

    /** Requests sent again because the first try got no answer. */
    int resent() {
        return resent.get();
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }

    private record Request(URI uri, String body, List<Integer> answered, UUID txNo) {
    }
}
