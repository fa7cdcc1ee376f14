package io.rechargenotify.callback.dispatch;

import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.delivery.Attempt;
import io.rechargenotify.callback.delivery.ClaimedDelivery;
import io.rechargenotify.callback.endpoint.InvalidTargetException;
import io.rechargenotify.callback.endpoint.TargetPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/**
 * Calls receivers: one signed POST per attempt, never failing – whatever happens becomes an {@link Attempt} (a status
 * or an error kind). The target is checked against {@link TargetPolicy} again first (a name may resolve elsewhere
 * since registration). Bounded everywhere: connect timeout, a limit on the whole call, redirects not followed (a
 * 3xx is not an acknowledgement), and at most {@code maxResponseBytes} of the answer read.
 *
 * <p>The JDK's HTTP client rather than a Vert.x one: its asynchronous API needs no event loop of ours, so a slow
 * receiver occupies nothing but its own connection.
 *
 * <p>No trace context goes out: receivers are third parties, and a {@code traceparent} would hand them our trace and
 * span ids and invite their traces into ours. Quarkus's OpenTelemetry does not instrument the JDK client (it would a
 * Vert.x or REST client, and inject the header), and nothing here adds it: a request carries exactly the headers
 * below, and the attempt's span ("callback deliver") stays on our side.
 */
@ApplicationScoped
public class Receivers {

    private final HttpClient client;
    private final TargetPolicy targets;
    private final Clock clock;
    private final CallbackConfig.Dispatch config;

    public Receivers(TargetPolicy targets, Clock clock, CallbackConfig config) {
        this.targets = targets;
        this.clock = clock;
        this.config = config.dispatch();
        this.client = HttpClient.newBuilder()
                .connectTimeout(this.config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Uni<Attempt> post(ClaimedDelivery delivery) {
        Instant start = clock.instant();
        return Uni.createFrom().item(() -> targets.check(delivery.url()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(uri -> send(uri, delivery, start))
                .map(response -> new Attempt(start, response.statusCode(), null, millisSince(start),
                        excerpt(response.body())))
                .onFailure().recoverWithItem(failure -> new Attempt(start, null, kind(failure), millisSince(start),
                        failure instanceof InvalidTargetException ? failure.getMessage() : null));
    }

    private Uni<HttpResponse<byte[]>> send(URI uri, ClaimedDelivery delivery, Instant start) {
        long timestamp = start.getEpochSecond();
        List<String> secrets = new ArrayList<>(List.of(delivery.secret()));
        if (delivery.previousSecret() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(start)) {
            secrets.add(delivery.previousSecret());
        }
        String id = delivery.eventId().toString();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.callTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "recharge-notify-callback/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(secrets, id, timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                .build();
        // The request timeout ends at the answer's headers; this one also bounds reading the body.
        Duration whole = config.callTimeout();
        return Uni.createFrom().<HttpResponse<byte[]>>emitter(emitter -> {
            CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request,
                    info -> new CappedBody(config.maxResponseBytes()));
            emitter.onTermination(() -> call.cancel(true));
            call.whenComplete((response, failure) -> {
                if (failure != null) {
                    emitter.fail(failure);
                } else {
                    emitter.complete(response);
                }
            });
        }).ifNoItem().after(whole).failWith(() -> new HttpTimeoutException("no complete answer within " + whole));
    }

    private int millisSince(Instant start) {
        return (int) Math.min(Integer.MAX_VALUE, Duration.between(start, clock.instant()).toMillis());
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        return new String(body, StandardCharsets.UTF_8).replace('\u0000', ' ');
    }

    /** The error kinds of the attempt log: words an operator reads, never a stack. */
    static String kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidTargetException) {
                return "refused-target";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connect-timeout";
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                return "connect";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "tls";
            }
            if (t instanceof java.io.IOException) {
                return "io";
            }
        }
        return "error";
    }

    /** Keeps the first {@code max} bytes of a body and stops reading there (the connection is then dropped). */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), max - kept.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                kept.write(bytes, 0, take);
            }
            if (kept.size() >= max) {
                subscription.cancel();
                result.complete(kept.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toByteArray());
        }
    }
}
