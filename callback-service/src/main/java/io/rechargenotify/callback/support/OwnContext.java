package io.rechargenotify.callback.support;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * Vert.x duplicated contexts that belong to one piece of work: a record's intake, a claim, one delivery attempt.
 * Quarkus keeps the OpenTelemetry context and the MDC per duplicated context, so a span made current there parents
 * that work's SQL statements (the reactive client takes the parent from the context that sends them), and the log
 * labels put there mark that work's lines only – never another record's or delivery's, whichever thread it shares.
 * The labels need no clearing afterwards: nothing else runs on that context (unlike a plain thread's MDC).
 */
@ApplicationScoped
public class OwnContext {

    private final Vertx vertx;

    public OwnContext(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The caller's duplicated context – the Kafka connector gives each record one – or a new one if it has none. */
    public Context currentOrNew() {
        return VertxContext.getOrCreateDuplicatedContext(vertx);
    }

    /** A new duplicated context, whatever the caller runs on. */
    public Context fresh() {
        return VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    }

    /** Runs tasks on the context: at once when already there, otherwise on its event loop. */
    public static Executor on(Context context) {
        return task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }
}
