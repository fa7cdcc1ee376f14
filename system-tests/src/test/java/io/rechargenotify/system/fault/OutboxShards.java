package io.rechargenotify.system.fault;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds every outbox relay shard's advisory lock from outside, so recharge-service's relay claims nothing: results
 * are committed but not published, for as long as the test says. Closing releases them.
 */
final class OutboxShards implements AutoCloseable {

    /** The relay's advisory-lock namespace ("RELY") and its default shard count, as recharge-service uses them. */
    private static final int LOCK_SPACE = 0x52454C59;
    private static final int SHARDS = 16;

    private final Connection db;

    private OutboxShards(Connection db) {
        this.db = db;
    }

    static OutboxShards hold(String database) {
        try {
            Connection db = TestDatabases.connect(database);
            try (Statement lock = db.createStatement()) {
                lock.execute("SELECT pg_advisory_lock(" + LOCK_SPACE + ", s) FROM generate_series(0, " + (SHARDS - 1)
                        + ") s");
            }
            return new OutboxShards(db);
        } catch (SQLException e) {
            throw new IllegalStateException("could not lock the relay's shards", e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
