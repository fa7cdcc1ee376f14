package io.rechargenotify.shared.persistence;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Flyway serialises the migrations of replicas starting together with a session advisory lock, not its default
 * transactional one: a migration that builds an index CONCURRENTLY (so the table's writes go on meanwhile) waits for
 * every open transaction – the default lock's too, which stays open for as long as the migration runs. One bean for
 * the three services (each has Flyway; this module only compiles against it).
 */
@Singleton
public class FlywayLocking implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
    }
}
