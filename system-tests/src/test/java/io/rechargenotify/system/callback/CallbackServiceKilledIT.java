package io.rechargenotify.system.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.system.callback.Receiver.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, acceptance 3: callback-service killed with {@code kill -9} while calls to a slow receiver are in flight,
 * then restarted. Nothing is lost – every result is acknowledged – and the only results a receiver acknowledges twice
 * are ones it was called with before the kill: the in-flight attempts, whose outcome the killed process never stored.
 */
class CallbackServiceKilledIT {

    private static final int RESULTS = 500;
    /** callback-service's default max-in-flight: no more attempts than that can be cut off by one crash. */
    private static final int MAX_IN_FLIGHT = 64;

    @Test
    void killedMidDispatchLosesNothingAndRepeatsAtMostTheInFlightAttempts() throws Exception {
        try (Receiver receiver = new Receiver();
                CallbackSystem system = CallbackSystem.start("cb_killed", receiver, Map.of(
                        // a killed dispatcher's claims come due again after the lease (the shortest it accepts:
                        // more than the 10 s call plus the 10 s statement timeout)
                        "CALLBACK_DISPATCH_LEASE", "21s",
                        "CALLBACK_RETRY_SCHEDULE", "1s,2s,5s,5s,5s"))) {
            List<CallbackSystem.Endpoint> endpoints = system.register("killed", 5);
            receiver.answerOkAfter(300); // slow but healthy: at any moment some calls are in flight
            Map<UUID, CallbackSystem.Endpoint> posted = system.postRecharges(endpoints, RESULTS);

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> receiver.firstAcknowledged().size() >= 100 && !receiver.inFlight().isEmpty());
            int inFlightAtKill = receiver.inFlight().size(); // just before: kill() returns once the process is gone
            system.callbackService().kill();
            Instant killedAt = Instant.now();
            system.callbackService().restart();

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> system.deliveriesByStatus(posted.keySet()).getOrDefault("SUCCEEDED", 0L)
                            == RESULTS);

            List<Call> calls = receiver.calls();
            Map<String, List<Call>> acknowledged = calls.stream().filter(call -> call.answer().acknowledges())
                    .collect(Collectors.groupingBy(Call::webhookId));
            Set<String> repeated = acknowledged.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            System.out.printf("[callbacks kill -9] %d results, %d calls, %d in flight at the kill, %d acknowledged "
                    + "twice%n", RESULTS, calls.size(), inFlightAtKill, repeated.size());

            assertThat(receiver.firstAcknowledged().keySet()).as("nothing lost")
                    .containsExactlyInAnyOrderElementsOf(posted.keySet().stream().map(UUID::toString).toList());
            assertThat(calls).allMatch(Call::signatureValid);
            assertThat(repeated).hasSizeLessThanOrEqualTo(MAX_IN_FLIGHT);
            for (String webhookId : repeated) {
                List<Call> twice = acknowledged.get(webhookId);
                assertThat(twice).as(webhookId + " acknowledged twice: at most once more, after the restart")
                        .hasSize(2);
                assertThat(twice).as(webhookId + " was in flight when the process died")
                        .anyMatch(call -> call.receivedAt().isBefore(killedAt));
            }
        }
    }
}
