package io.rechargenotify.system.fault;

import io.rechargenotify.shared.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Postgres server (a Debian cluster, as {@code bin/local-postgres} sets it up), stopped and started like
 * an operator or a crash would. Both services' databases live on it here, so a restart hits both sides.
 */
public final class PostgresServer {

    private final String version;
    private final String cluster;

    private PostgresServer(String version, String cluster) {
        this.version = version;
        this.cluster = cluster;
    }

    /** The local cluster on the tests' port; the scenario is skipped against a remote server it cannot restart. */
    public static PostgresServer local() {
        Assumptions.assumeTrue(List.of("127.0.0.1", "localhost").contains(TestDatabases.host()),
                "restarts only a local Postgres");
        for (String line : run("pg_lsclusters", "-h").split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3 && fields[2].equals(TestDatabases.port())) {
                return new PostgresServer(fields[0], fields[1]);
            }
        }
        throw new IllegalStateException("no local cluster on port " + TestDatabases.port());
    }

    /** Stops the server at once: every session is cut, open transactions roll back. */
    public void stop() {
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "stop", "-m", "immediate");
    }

    public void start() {
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start");
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
