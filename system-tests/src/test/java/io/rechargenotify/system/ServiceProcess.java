package io.rechargenotify.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code quarkus-run.jar}) run as its own process, the way it runs in production: configured
 * by environment variables, ready when {@code /q/health/ready} says so, killable like a crash.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, Path jar, Map<String, String> env, int port, Path log) {
        this.name = name;
        this.jar = jar;
        this.env = env;
        this.port = port;
        this.log = log;
    }

    /** Starts the service named by the system property {@code <name>.app} and waits until it is ready. */
    public static ServiceProcess start(String name, Map<String, String> env) {
        return start(name, name, env);
    }

    /** Starts one more instance of a service; {@code instance} names its log file. */
    public static ServiceProcess start(String name, String instance, Map<String, String> env) {
        ServiceProcess service = prepare(name, instance, env);
        service.launch();
        return service;
    }

    private static ServiceProcess prepare(String name, String instance, Map<String, String> env) {
        Path jar = Path.of(System.getProperty(name + ".app"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify)");
        }
        Path log = logOf(instance);
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceProcess(instance, jar, env, freePort(), log);
    }

    /** Where an instance's output goes (appended to, across runs). */
    public static Path logOf(String instance) {
        return Path.of(System.getProperty("system-tests.logs", "target/service-logs"), instance + ".log");
    }

    /**
     * Runs the service as a command that ends by itself (e.g. the one-shot reconciliation) and returns its exit
     * code; fails if it has not ended within {@code timeout}.
     */
    static int runToExit(String name, String instance, Map<String, String> env, Duration timeout) {
        ServiceProcess service = prepare(name, instance, env);
        service.process = service.spawn();
        try {
            if (!service.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                service.process.destroyForcibly();
                throw new IllegalStateException(instance + " did not exit within " + timeout + ", see " + service.log);
            }
            return service.process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The file its output goes to (appended to across runs: JSON lines in the prod profile). */
    public Path log() {
        return log;
    }

    /** Kills the process like a crash ({@code kill -9}). */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the service again on the same port and configuration. */
    public void restart() {
        launch();
    }

    /** Stops every service that was started (null for one that never was). */
    public static void closeAll(ServiceProcess... services) {
        for (ServiceProcess service : services) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void launch() {
        process = spawn();
        awaitReady();
    }

    private Process spawn() {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + ", see " + log);
    }

    /** The gap between readiness probes; a probe on a process that is starting has no event to wait for. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
