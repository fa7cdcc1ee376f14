package io.rechargenotify.recharge.outbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wakes the relay when Postgres delivers the {@code recharge_outbox} notification, which the outbox trigger sends at
 * each commit that wrote outbox rows: the commit-to-publish delay becomes milliseconds instead of a poll interval.
 * It listens on its own connection and reconnects forever; after each (re)connect it wakes the relay once, since
 * notifications sent while it was disconnected are lost (the polling fallback covers that gap too).
 */
@ApplicationScoped
public class OutboxWakeups {

    static final String CHANNEL = "recharge_outbox";
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final OutboxRelay relay;
    private final RechargeConfig.Relay config;
    private final Vertx vertx;
    private final PgConnectOptions connectOptions;
    private PgSubscriber subscriber;
    private volatile boolean stopping;

    public OutboxWakeups(OutboxRelay relay, RechargeConfig config, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "quarkus.datasource.reactive.postgresql.ssl-mode") SslMode sslMode,
            @ConfigProperty(name = "quarkus.datasource.reactive.trust-certificate-pem.certs")
            Optional<List<String>> trustedCertificates,
            @ConfigProperty(name = "quarkus.datasource.reactive.hostname-verification-algorithm") String hostnameCheck) {
        this.relay = relay;
        this.config = config.relay();
        this.vertx = vertx;
        // The pool's TLS settings (DB_SSL_MODE, DB_SSL_ROOT_CERT), which Quarkus applies to its own pool only.
        this.connectOptions = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user)
                .setPassword(password)
                .setSslMode(sslMode)
                .setHostnameVerificationAlgorithm(hostnameCheck);
        trustedCertificates.ifPresent(certificates -> {
            PemTrustOptions trust = new PemTrustOptions();
            certificates.forEach(trust::addCertPath);
            connectOptions.setTrustOptions(trust);
        });
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            Log.warn("Outbox relay disabled (recharge.relay.enabled=false): results wait in the outbox");
            return;
        }
        if (!config.listenNotify()) {
            Log.info("Outbox relay wakes by polling only (recharge.relay.listen-notify=false)");
            return;
        }
        subscriber = PgSubscriber.subscriber(vertx, connectOptions)
                .reconnectPolicy(attempts -> RECONNECT_DELAY.toMillis());
        subscriber.channel(CHANNEL)
                .handler(payload -> relay.wake())
                .subscribeHandler(relay::wake);
        connect();
    }

    /** The reconnect policy covers a lost connection only; a first connect that fails is retried here. */
    private void connect() {
        subscriber.connect().subscribe().with(
                connected -> Log.infof("Outbox relay listens for %s notifications", CHANNEL),
                failure -> {
                    Log.warnf("Outbox notifications unavailable, polling only until connected: %s",
                            failure.getMessage());
                    if (!stopping) {
                        vertx.setTimer(RECONNECT_DELAY.toMillis(), id -> connect());
                    }
                });
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }
}
