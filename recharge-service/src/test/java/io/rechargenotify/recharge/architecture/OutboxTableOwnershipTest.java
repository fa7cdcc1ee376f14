package io.rechargenotify.recharge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The outbox table has one owner: every SQL statement that reads or writes {@code outbox} lives in the outbox
 * package. ArchUnit sees classes, not SQL strings, so this reads the sources.
 */
class OutboxTableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/io/rechargenotify/recharge");
    private static final Path OWNER = SOURCES.resolve("outbox");

    /** The outbox table named where SQL names a table: after FROM, JOIN, INTO, UPDATE, TABLE, or DELETE FROM. */
    private static final Pattern OUTBOX_SQL = Pattern.compile(
            "(?i)\\b(from|join|into|update|table)\\s+outbox\\b");

    @Test
    void onlyTheOutboxPackageHoldsSqlOnTheOutboxTable() {
        assertThat(javaFiles(SOURCES)).isNotEmpty();
        List<String> offenders = javaFiles(SOURCES).stream()
                .filter(file -> !file.startsWith(OWNER))
                .filter(file -> OUTBOX_SQL.matcher(read(file)).find())
                .map(Path::toString)
                .toList();
        assertThat(offenders).as("SQL on the outbox table outside %s", OWNER).isEmpty();
    }

    @Test
    void theCheckRecognisesOutboxStatements() {
        assertThat(OUTBOX_SQL.matcher("INSERT INTO outbox (tx_no) SELECT tx_no FROM completed").find()).isTrue();
        assertThat(OUTBOX_SQL.matcher("SELECT o.* FROM outbox o").find()).isTrue();
        assertThat(OUTBOX_SQL.matcher("UPDATE recharge SET status = $2 RETURNING tx_no").find()).isFalse();
        assertThat(OUTBOX_SQL.matcher("import io.rechargenotify.recharge.outbox.Outbox;").find()).isFalse();
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
