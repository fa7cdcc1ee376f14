package io.rechargenotify.tools;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks the money invariants across the services' databases and prints every discrepancy:
 * <ol>
 * <li>every account's balance is its opening balance plus the sum of its ledger entries;</li>
 * <li>each txNo is in the ledger at most once;</li>
 * <li>every recharge recharge-service completed SUCCEEDED before the cutoff, for an account account-service knows, is
 * in the ledger with the same account, amount and currency;</li>
 * <li>nothing is in the ledger that is not SUCCEEDED at recharge-service;</li>
 * <li>a recharge an account started through account-service is resolved the way recharge-service decided it: never
 * FAILED while recharge-service has it SUCCEEDED or PENDING (falsely failed), never SUCCEEDED unless it is
 * SUCCEEDED there.</li>
 * <li>every callback delivery (callback-service) is of a recharge recharge-service completed – SUCCEEDED or FAILED –
 * for the same account: no receiver is told about a recharge that does not exist or is still undecided.</li>
 * </ol>
 * Read-only; pages through both sides, so it runs against production-sized databases. Exit code 0 when every
 * invariant holds, 1 when one does not, 2 when it could not check.
 *
 * <p>Usage: {@code bin/check-invariants [--settle 10m]} with {@code RECHARGE_DB_URL}, {@code ACCOUNT_DB_URL},
 * {@code CALLBACK_DB_URL} (JDBC URLs), {@code DB_USER}, {@code DB_PASSWORD}. Recharges completed within the settle time are not yet expected in
 * the ledger (their notification may be on its way).
 */
public final class InvariantChecker {

    private static final int PAGE = 1000;

    private final Connection recharges;
    private final Connection ledger;
    private final Connection callbacks;
    private final List<String> discrepancies = new ArrayList<>();
    private final Map<String, Long> counts = new HashMap<>();

    /** One check over recharge-service's and account-service's databases; use a new checker per check. */
    public InvariantChecker(Connection recharges, Connection ledger) {
        this(recharges, ledger, null);
    }

    /** Also checks callback-service's deliveries against recharge-service, unless {@code callbacks} is null. */
    public InvariantChecker(Connection recharges, Connection ledger, Connection callbacks) {
        this.recharges = recharges;
        this.ledger = ledger;
        this.callbacks = callbacks;
    }

    public static void main(String[] args) {
        Duration settle = args.length == 2 && args[0].equals("--settle") ? parse(args[1]) : Duration.ofMinutes(10);
        String user = env("DB_USER", "recharge_notify");
        String password = env("DB_PASSWORD", "recharge_notify");
        try (Connection recharge = DriverManager.getConnection(env("RECHARGE_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/recharge"), user, password);
                Connection account = DriverManager.getConnection(env("ACCOUNT_DB_URL",
                        "jdbc:postgresql://127.0.0.1:5432/account"), user, password);
                Connection callback = DriverManager.getConnection(env("CALLBACK_DB_URL",
                        "jdbc:postgresql://127.0.0.1:5432/callback"), user, password)) {
            InvariantChecker checker = new InvariantChecker(recharge, account, callback);
            List<String> found = checker.check(Instant.now().minus(settle));
            System.out.println("checked: " + checker.counts());
            found.forEach(line -> System.out.println("DISCREPANCY " + line));
            System.out.println(found.isEmpty() ? "all invariants hold" : found.size() + " discrepancies");
            System.exit(found.isEmpty() ? 0 : 1);
        } catch (SQLException e) {
            System.err.println("could not check: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Every discrepancy found, for recharges completed before {@code cutoff}. */
    public List<String> check(Instant cutoff) throws SQLException {
        ledger.setReadOnly(true);
        recharges.setReadOnly(true);
        balances();
        duplicates();
        succeededAreCredited(cutoff);
        creditedSucceeded();
        accountRechargesAgree();
        if (callbacks != null) {
            callbacks.setReadOnly(true);
            deliveriesAreOfCompletedRecharges();
        }
        return discrepancies;
    }

    /** What was checked: accounts, succeeded recharges, ledger entries, account-initiated recharges resolved. */
    public Map<String, Long> counts() {
        return counts;
    }

    private void balances() throws SQLException {
        try (PreparedStatement query = ledger.prepareStatement("""
                SELECT a.account_no, a.balance, a.opening_balance + coalesce(sum(l.amount), 0), count(l.id)
                FROM account a LEFT JOIN ledger_entry l ON l.account_no = a.account_no
                GROUP BY a.account_no, a.balance, a.opening_balance""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                counts.merge("accounts", 1L, Long::sum);
                if (rows.getBigDecimal(2).compareTo(rows.getBigDecimal(3)) != 0) {
                    discrepancies.add("balance " + rows.getString(1) + ": " + rows.getBigDecimal(2)
                            + ", opening + ledger = " + rows.getBigDecimal(3) + " (" + rows.getLong(4) + " entries)");
                }
            }
        }
    }

    private void duplicates() throws SQLException {
        try (PreparedStatement query = ledger.prepareStatement(
                "SELECT tx_no, count(*) FROM ledger_entry GROUP BY tx_no HAVING count(*) > 1");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                discrepancies.add("txNo " + rows.getString(1) + " credited " + rows.getLong(2) + " times");
            }
        }
    }

    /** Pages through recharge-service's SUCCEEDED recharges and looks each page up in the ledger. */
    private void succeededAreCredited(Instant cutoff) throws SQLException {
        Timestamp afterAt = new Timestamp(0);
        UUID afterTx = new UUID(0, 0);
        try (PreparedStatement page = recharges.prepareStatement("""
                SELECT tx_no, account_no, amount, currency, completed_at FROM recharge
                WHERE status = 'SUCCEEDED' AND completed_at < ? AND completed_at IS NOT NULL
                  AND (completed_at, tx_no) > (?, ?)
                ORDER BY completed_at, tx_no LIMIT ?""")) {
            while (true) {
                page.setTimestamp(1, Timestamp.from(cutoff));
                page.setTimestamp(2, afterAt);
                page.setObject(3, afterTx);
                page.setInt(4, PAGE);
                Map<UUID, String[]> batch = new HashMap<>();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        UUID txNo = (UUID) rows.getObject(1);
                        batch.put(txNo, new String[] { rows.getString(2), rows.getBigDecimal(3).toPlainString(),
                                rows.getString(4) });
                        afterAt = rows.getTimestamp(5);
                        afterTx = txNo;
                    }
                }
                if (batch.isEmpty()) {
                    return;
                }
                counts.merge("succeededRecharges", (long) batch.size(), Long::sum);
                compareWithLedger(batch);
            }
        }
    }

    private void compareWithLedger(Map<UUID, String[]> batch) throws SQLException {
        Map<UUID, String[]> credited = new HashMap<>();
        try (PreparedStatement query = ledger.prepareStatement(
                "SELECT tx_no, account_no, amount, currency FROM ledger_entry WHERE tx_no = ANY(?)")) {
            query.setArray(1, ledger.createArrayOf("uuid", batch.keySet().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    credited.put((UUID) rows.getObject(1), new String[] { rows.getString(2),
                            rows.getBigDecimal(3).toPlainString(), rows.getString(4) });
                }
            }
        }
        List<String> accounts = batch.values().stream().map(r -> r[0]).distinct().toList();
        List<String> known = new ArrayList<>();
        try (PreparedStatement query = ledger.prepareStatement(
                "SELECT account_no FROM account WHERE account_no = ANY(?)")) {
            query.setArray(1, ledger.createArrayOf("varchar", accounts.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getString(1));
                }
            }
        }
        batch.forEach((txNo, source) -> {
            String[] entry = credited.get(txNo);
            if (entry == null) {
                if (known.contains(source[0])) {
                    discrepancies.add("txNo " + txNo + " SUCCEEDED (" + source[1] + " " + source[2] + " for "
                            + source[0] + ") but not credited");
                } else {
                    counts.merge("unknownAccountRecharges", 1L, Long::sum);
                }
            } else if (!entry[0].equals(source[0]) || new java.math.BigDecimal(entry[1])
                    .compareTo(new java.math.BigDecimal(source[1])) != 0 || !entry[2].equals(source[2])) {
                discrepancies.add("txNo " + txNo + " credited " + entry[1] + " " + entry[2] + " to " + entry[0]
                        + ", source says " + source[1] + " " + source[2] + " for " + source[0]);
            }
        });
    }

    /** Pages through the ledger and checks each page's txNos are SUCCEEDED at recharge-service. */
    private void creditedSucceeded() throws SQLException {
        long after = 0;
        try (PreparedStatement page = ledger.prepareStatement(
                "SELECT id, tx_no FROM ledger_entry WHERE id > ? ORDER BY id LIMIT ?");
                PreparedStatement status = recharges.prepareStatement(
                        "SELECT tx_no, status FROM recharge WHERE tx_no = ANY(?)")) {
            while (true) {
                page.setLong(1, after);
                page.setInt(2, PAGE);
                List<UUID> txNos = new ArrayList<>();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        txNos.add((UUID) rows.getObject(2));
                    }
                }
                if (txNos.isEmpty()) {
                    return;
                }
                counts.merge("ledgerEntries", (long) txNos.size(), Long::sum);
                Map<UUID, String> statuses = new HashMap<>();
                Array ids = recharges.createArrayOf("uuid", txNos.toArray());
                status.setArray(1, ids);
                try (ResultSet rows = status.executeQuery()) {
                    while (rows.next()) {
                        statuses.put((UUID) rows.getObject(1), rows.getString(2));
                    }
                }
                for (UUID txNo : txNos) {
                    String state = statuses.get(txNo);
                    if (!"SUCCEEDED".equals(state)) {
                        discrepancies.add("txNo " + txNo + " credited but "
                                + (state == null ? "unknown to recharge-service" : state + " at recharge-service"));
                    }
                }
            }
        }
    }

    /** Pages through the resolved account-initiated recharges and compares each page with recharge-service. */
    private void accountRechargesAgree() throws SQLException {
        UUID after = new UUID(0, 0);
        try (PreparedStatement page = ledger.prepareStatement("""
                SELECT tx_no, status FROM account_recharge WHERE status <> 'PENDING' AND tx_no > ?
                ORDER BY tx_no LIMIT ?""");
                PreparedStatement status = recharges.prepareStatement(
                        "SELECT tx_no, status FROM recharge WHERE tx_no = ANY(?)")) {
            while (true) {
                page.setObject(1, after);
                page.setInt(2, PAGE);
                Map<UUID, String> resolved = new HashMap<>();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        after = (UUID) rows.getObject(1);
                        resolved.put(after, rows.getString(2));
                    }
                }
                if (resolved.isEmpty()) {
                    return;
                }
                counts.merge("accountRechargesResolved", (long) resolved.size(), Long::sum);
                Map<UUID, String> source = new HashMap<>();
                status.setArray(1, recharges.createArrayOf("uuid", resolved.keySet().toArray()));
                try (ResultSet rows = status.executeQuery()) {
                    while (rows.next()) {
                        source.put((UUID) rows.getObject(1), rows.getString(2));
                    }
                }
                resolved.forEach((txNo, state) -> {
                    String decided = source.get(txNo);
                    // FAILED with no record there is a submission recharge-service refused: truly failed.
                    boolean agrees = state.equals("SUCCEEDED") ? "SUCCEEDED".equals(decided)
                            : decided == null || decided.equals("FAILED");
                    if (!agrees) {
                        discrepancies.add("account recharge " + txNo + " " + state + " but "
                                + (decided == null ? "unknown to recharge-service" : decided + " at recharge-service"));
                    }
                });
            }
        }
    }

    /** Pages through callback-service's deliveries and looks each page's txNos up at recharge-service. */
    private void deliveriesAreOfCompletedRecharges() throws SQLException {
        UUID after = new UUID(0, 0);
        try (PreparedStatement page = callbacks.prepareStatement(
                "SELECT id, tx_no, account_no FROM delivery WHERE id > ? ORDER BY id LIMIT ?");
                PreparedStatement status = recharges.prepareStatement(
                        "SELECT tx_no, status, account_no FROM recharge WHERE tx_no = ANY(?)")) {
            while (true) {
                page.setObject(1, after);
                page.setInt(2, PAGE);
                Map<UUID, String[]> deliveries = new HashMap<>();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        after = (UUID) rows.getObject(1);
                        deliveries.put(after, new String[] { rows.getString(2), rows.getString(3) });
                    }
                }
                if (deliveries.isEmpty()) {
                    return;
                }
                counts.merge("callbackDeliveries", (long) deliveries.size(), Long::sum);
                Map<String, String[]> source = new HashMap<>();
                status.setArray(1, recharges.createArrayOf("uuid", deliveries.values().stream()
                        .map(d -> UUID.fromString(d[0])).distinct().toArray()));
                try (ResultSet rows = status.executeQuery()) {
                    while (rows.next()) {
                        source.put(rows.getString(1), new String[] { rows.getString(2), rows.getString(3) });
                    }
                }
                deliveries.forEach((id, delivery) -> {
                    String[] recharge = source.get(delivery[0]);
                    if (recharge == null) {
                        discrepancies.add("delivery " + id + " of txNo " + delivery[0]
                                + " unknown to recharge-service");
                    } else if (!recharge[0].equals("SUCCEEDED") && !recharge[0].equals("FAILED")) {
                        discrepancies.add("delivery " + id + " of txNo " + delivery[0] + " " + recharge[0]
                                + " at recharge-service");
                    } else if (!recharge[1].equals(delivery[1])) {
                        discrepancies.add("delivery " + id + " of txNo " + delivery[0] + " for " + delivery[1]
                                + ", source says " + recharge[1]);
                    }
                });
            }
        }
    }

    private static Duration parse(String text) {
        char unit = text.charAt(text.length() - 1);
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("settle like 30s, 10m or 1h");
        };
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
