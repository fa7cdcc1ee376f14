package io.rechargenotify.recharge;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Direct reads and writes of the recharge test database, the way an operator with psql would see it. */
final class RechargeDb {

    static final String DATABASE = "recharge_test";

    private RechargeDb() {
    }

    static int count(String sqlWithTxNoArray, Collection<UUID> txNos) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement query = db.prepareStatement(sqlWithTxNoArray)) {
            query.setArray(1, db.createArrayOf("uuid", txNos.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int published(Collection<UUID> txNos) {
        return count("SELECT count(*) FROM outbox WHERE tx_no = ANY(?) AND published_at IS NOT NULL", txNos);
    }

    static int unpublished(Collection<UUID> txNos) {
        return count("SELECT count(*) FROM outbox WHERE tx_no = ANY(?) AND published_at IS NULL", txNos);
    }

    static int failedAttempts(Collection<UUID> txNos) {
        return count("SELECT count(*) FROM outbox WHERE tx_no = ANY(?) AND published_at IS NULL AND attempts > 0"
                + " AND last_error IS NOT NULL", txNos);
    }

    /** Pretends the outbox rows of a recharge were published {@code age} ago. */
    static void backdatePublished(UUID txNo, java.time.Duration age) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement update = db.prepareStatement(
                        "UPDATE outbox SET published_at = now() - ? * interval '1 second' WHERE tx_no = ?")) {
            update.setLong(1, age.toSeconds());
            update.setObject(2, txNo);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The txNos of one account in outbox (commit) order. */
    static List<UUID> outboxOrder(String accountNo) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement query = db.prepareStatement(
                        "SELECT tx_no FROM outbox WHERE message_key = ? ORDER BY id")) {
            query.setString(1, accountNo);
            List<UUID> order = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    order.add(rows.getObject(1, UUID.class));
                }
            }
            return order;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts a completed recharge as if taken earlier, for listing tests over a window in the past. */
    static void insertCompleted(UUID txNo, String accountNo, String status, Instant completedAt) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO recharge (tx_no, account_no, amount, currency, status, failure_reason,
                                              created_at, completed_at)
                        VALUES (?, ?, 10.00, 'CNY', ?, ?, ?, ?)""")) {
            insert.setObject(1, txNo);
            insert.setString(2, accountNo);
            insert.setString(3, status);
            insert.setString(4, "FAILED".equals(status) ? "declined" : null);
            insert.setTimestamp(5, Timestamp.from(completedAt.minusMillis(10)));
            insert.setTimestamp(6, Timestamp.from(completedAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A recharge recorded PENDING {@code age} ago and never completed, as a crash after the first step leaves it. */
    static void insertPending(UUID txNo, String accountNo, java.time.Duration age) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
                        VALUES (?, ?, 8.00, 'CNY', 'PENDING', now() - ? * interval '1 second')""")) {
            insert.setObject(1, txNo);
            insert.setString(2, accountNo);
            insert.setLong(3, age.toSeconds());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds outbox rows for an existing recharge in one transaction (one NOTIFY at its commit); returns their ids. */
    static List<Long> insertOutboxRows(UUID txNo, String key, List<String> payloads) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO outbox (tx_no, topic, message_key, payload, created_at)
                        VALUES (?, 'recharge-results', ?, ?, now()) RETURNING id""")) {
            db.setAutoCommit(false);
            List<Long> ids = new ArrayList<>();
            for (String payload : payloads) {
                insert.setObject(1, txNo);
                insert.setString(2, key);
                insert.setString(3, payload);
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    ids.add(rows.getLong(1));
                }
            }
            db.commit();
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parked time and last error of an outbox row. */
    static String[] parkState(long outboxId) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement query = db.prepareStatement(
                        "SELECT parked_at, last_error, published_at FROM outbox WHERE id = ?")) {
            query.setLong(1, outboxId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new String[] { rows.getString(1), rows.getString(2), rows.getString(3) };
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of times the recovery job asked about a recharge. */
    static int checks(UUID txNo) {
        return count("SELECT coalesce(max(checks), 0) FROM recharge WHERE tx_no = ANY(?)", List.of(txNo));
    }

    /** Removes PENDING recharges created more than {@code age} ago, whoever left them. */
    static void deletePendingOlderThan(java.time.Duration age) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement delete = db.prepareStatement("""
                        DELETE FROM recharge WHERE status = 'PENDING'
                        AND created_at < now() - ? * interval '1 second'""")) {
            delete.setLong(1, age.toSeconds());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes recharges a test left PENDING on purpose (never completed, so they have no outbox rows). */
    static void deletePending(Collection<UUID> txNos) {
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement delete = db.prepareStatement(
                        "DELETE FROM recharge WHERE tx_no = ANY(?) AND status = 'PENDING'")) {
            delete.setArray(1, db.createArrayOf("uuid", txNos.toArray()));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
