package io.rechargenotify.account.reconcile;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Days of a past year that no stored reconciliation run has touched, so the windows a test runs there and the ledger
 * entries it makes there are its own. A random day alone is not enough: the test database stays between builds and
 * between tests, and once in a while a random day lands on a window another test already reconciled.
 */
final class UntouchedDays {

    private static final Instant FIRST = Instant.parse("1990-01-01T00:00:00Z");
    private static final int DAYS = 9000;

    private UntouchedDays() {
    }

    /** Midnight of a day between 1990 and 2014 such that no run's window overlaps [day - before, day + after). */
    static Instant pick(Duration before, Duration after) throws SQLException {
        try (Connection db = TestDatabases.connect("account_test");
                PreparedStatement touched = db.prepareStatement(
                        "SELECT EXISTS (SELECT FROM reconciliation_run WHERE window_from < ? AND window_to > ?)")) {
            for (int attempt = 0; attempt < 100; attempt++) {
                Instant day = FIRST.plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(DAYS)));
                touched.setTimestamp(1, Timestamp.from(day.plus(after)));
                touched.setTimestamp(2, Timestamp.from(day.minus(before)));
                try (ResultSet rows = touched.executeQuery()) {
                    rows.next();
                    if (!rows.getBoolean(1)) {
                        return day;
                    }
                }
            }
        }
        throw new IllegalStateException("no untouched day found between 1990 and 2014 in 100 attempts");
    }
}
