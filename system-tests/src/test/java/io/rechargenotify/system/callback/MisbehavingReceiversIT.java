package io.rechargenotify.system.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.system.callback.Receiver.Call;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, acceptance 1: 2,000 genuinely signed results (POST /recharges on recharge-service) over 20 endpoints of
 * a receiver that misbehaves on purpose – 500/503, hangs past the 10 s call timeout, dropped connections, 2xx after a
 * slow body – until it has taken 1,200 calls, then recovers. Every delivery is acknowledged, every signature verifies
 * with the Standard Webhooks reference library, and a receiver sees a result again only as a retry of the same
 * webhook-id, never once it has acknowledged it.
 */
class MisbehavingReceiversIT {

    private static final int ENDPOINTS = 20;
    private static final int RESULTS = 2_000;
    private static final int MISBEHAVING_CALLS = 1_200;

    @Test
    void everyResultIsAcknowledgedOnceTheReceiversRecoverAndEverySignatureIsValid() throws Exception {
        try (Receiver receiver = new Receiver();
                CallbackSystem system = CallbackSystem.start("cb_misbehaving", receiver, Map.of(
                        // about 50 s of retries, longer than the misbehaving phase, so nothing ends FAILED
                        "CALLBACK_RETRY_SCHEDULE", "1s,2s,3s,5s,5s,5s,5s,5s,5s,5s,5s,5s"))) {
            List<CallbackSystem.Endpoint> endpoints = system.register("misbehaving", ENDPOINTS);
            receiver.misbehave(true);
            Map<UUID, CallbackSystem.Endpoint> posted = system.postRecharges(endpoints, RESULTS);

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> receiver.callCount() >= MISBEHAVING_CALLS);
            receiver.misbehave(false);
            Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> system.deliveriesByStatus(posted.keySet()).getOrDefault("SUCCEEDED", 0L)
                            == RESULTS);

            List<Call> calls = receiver.calls();
            Map<Receiver.Answer, Long> answers = calls.stream()
                    .collect(Collectors.groupingBy(Call::answer, Collectors.counting()));
            List<Long> latencies = system.commitToFirstAckMillis(posted.keySet());
            System.out.printf("[callbacks misbehaving] %d results, %d calls %s; commit→first 2xx p50 %d ms, p99 %d "
                    + "ms, max %d ms%n", RESULTS, calls.size(), answers, CallbackSystem.quantile(latencies, 0.5),
                    CallbackSystem.quantile(latencies, 0.99), CallbackSystem.quantile(latencies, 1));

            assertThat(system.deliveriesByStatus(posted.keySet())).containsOnly(Map.entry("SUCCEEDED",
                    (long) RESULTS));
            assertThat(answers).as("every kind of misbehaviour happened")
                    .containsKeys(Receiver.Answer.values());
            assertThat(calls).as("every call's signature verifies with the reference library")
                    .allMatch(Call::signatureValid);

            // Each recharge reached its own endpoint's path under one webhook-id, acknowledged exactly once.
            Map<String, List<Call>> byTxNo = calls.stream().collect(Collectors.groupingBy(Call::txNo));
            assertThat(byTxNo.keySet()).containsExactlyInAnyOrderElementsOf(
                    posted.keySet().stream().map(UUID::toString).toList());
            Map<String, Integer> attempts = system.attemptsByEvent();
            byTxNo.forEach((txNo, itsCalls) -> {
                assertThat(itsCalls).extracting(Call::path).as(txNo).containsOnly(posted.get(UUID.fromString(txNo))
                        .path());
                assertThat(itsCalls.stream().map(Call::webhookId).distinct()).as(txNo).hasSize(1);
                List<Call> inOrder = itsCalls.stream().sorted(java.util.Comparator.comparing(Call::receivedAt))
                        .toList();
                assertThat(inOrder.stream().filter(call -> call.answer().acknowledges())).as(txNo).hasSize(1);
                assertThat(inOrder.get(inOrder.size() - 1).answer().acknowledges())
                        .as("no call after the acknowledgement of " + txNo).isTrue();
                // a call the receiver never saw (a pooled connection it had closed) is still an attempt
                assertThat(attempts.get(inOrder.get(0).webhookId())).as(txNo)
                        .isGreaterThanOrEqualTo(itsCalls.size());
            });
            assertThat(calls.stream().collect(Collectors.groupingBy(Call::webhookId,
                    Collectors.mapping(Call::txNo, Collectors.toSet()))).values())
                    .as("one webhook-id is one result").allMatch(txNos -> txNos.size() == 1);
            assertThat(calls.stream().map(Call::webhookId).collect(Collectors.toSet())).hasSize(RESULTS);
        }
    }
}
