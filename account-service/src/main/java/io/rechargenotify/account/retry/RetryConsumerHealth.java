package io.rechargenotify.account.retry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health includes the retry-topic consumer. Ready: its loop polls. Live: its loop exists at all (it restarts its own
 * consumer when that breaks, so a dead loop means waiting retries would never be attempted, and only a restart helps).
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
            return HealthCheckResponse.named("Retry-topic consumer running").status(consumer.isRunning()).build();
        }
    }
}
