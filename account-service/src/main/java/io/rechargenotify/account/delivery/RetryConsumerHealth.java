package io.rechargenotify.account.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health includes the retry-topic consumer. Ready: its loop polls. Live: its loop exists and is not stuck breaking
 * (it restarts its own consumer when that breaks; a loop that is gone, or breaks again and again without one good
 * poll, means waiting retries are never attempted, and only a new process may help).
 */
public final class RetryConsumerHealth {

    private RetryConsumerHealth() {
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        private final RetryTopicConsumer consumer;

        public Ready(RetryTopicConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("Retry-topic consumer polling").status(consumer.isPolling()).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {

        private final RetryTopicConsumer consumer;

        public Live(RetryTopicConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("Retry-topic consumer running")
                    .status(consumer.isRunning() && !consumer.isStuck())
                    .withData("restartsInARow", consumer.restartsInARow()).build();
        }
    }
}
