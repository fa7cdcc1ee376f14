package io.rechargenotify.account.retry;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness includes the retry-topic consumer: a stopped loop means waiting retries would never be attempted. */
@Readiness
@ApplicationScoped
public class RetryConsumerReadiness implements HealthCheck {

    private final RetryTopicConsumer consumer;

    public RetryConsumerReadiness(RetryTopicConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Retry-topic consumer").status(consumer.isHealthy()).build();
    }
}
