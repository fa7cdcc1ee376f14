package io.rechargenotify.account.support;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs reactive work on a fresh, safe Vert.x duplicated context. Hibernate Reactive keeps one session per context, so
 * work that runs concurrently (reconciliation checks) or starts from a plain thread (the retry-topic consumer, window
 * reconciliation) gets a context of its own instead of sharing, or lacking, one.
 */
@ApplicationScoped
public class IsolatedWork {

    private final Vertx vertx;

    public IsolatedWork(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> run(Supplier<? extends Uni<? extends T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> Uni.createFrom().<T>deferred(work::get).subscribe()
                    .with(emitter::complete, emitter::fail));
        });
    }

    /**
     * Runs the work and waits for it, from a thread that may block. Its failure is rethrown (a checked one wrapped
     * in a CompletionException), as is a timeout.
     */
    public <T> T await(Supplier<? extends Uni<? extends T>> work, Duration timeout) {
        try {
            return run(work).await().atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new CompletionException("no answer within " + timeout, e);
        }
    }
}
