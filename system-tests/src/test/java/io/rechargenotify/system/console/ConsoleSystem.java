package io.rechargenotify.system.console;

import static io.restassured.RestAssured.given;

import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemEnv;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged console on the three packaged services, as bin/run-local runs them: the console signs operators in
 * from a users file (profile {@code local}) and calls each service with a token of its own (ops:read, ops:write,
 * ops:delegate), read from a file as Kubernetes mounts them. recharge-service's database loses the outbox rows of
 * accounts starting {@value #LOST_PREFIX} as they are written (a lost notification) and parks those of accounts
 * starting {@value #PARK_PREFIX}.
 */
final class ConsoleSystem implements AutoCloseable {

    static final String OPERATOR = "operator";
    static final String VIEWER = "viewer";
    static final String OIDC_PROVIDER = "https://sign-in.example.test/realms/operators";
    static final String LOST_PREFIX = "LOST-";
    static final String PARK_PREFIX = "PARK-";

    private final String rechargeDb;
    private final String accountDb;
    private final String callbackDb;
    private final Map<String, String> passwords = Map.of(OPERATOR, UUID.randomUUID().toString(),
            VIEWER, UUID.randomUUID().toString());
    private ServiceProcess rechargeService;
    private ServiceProcess accountService;
    private ServiceProcess callbackService;
    private ServiceProcess console;
    private Path tokenDirectory;
    private final Instant started = Instant.now();

    private ConsoleSystem(String name) {
        this.rechargeDb = name + "_recharge";
        this.accountDb = name + "_account";
        this.callbackDb = name + "_callback";
    }

    static ConsoleSystem start(String name) {
        ConsoleSystem system = new ConsoleSystem(name);
        try {
            system.startAll(name);
            return system;
        } catch (RuntimeException | IOException e) {
            system.close();
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
    }

    private void startAll(String name) throws IOException {
        Sql.recreate(rechargeDb);
        Sql.recreate(accountDb);
        Sql.recreate(callbackDb);
        rechargeService = ServiceProcess.start("recharge-service", name + "-recharge-service",
                SystemEnv.forDatabase(rechargeDb));
        loseAndParkOutboxRows();
        Map<String, String> account = new HashMap<>(SystemEnv.reconcilingWithin(rechargeService, accountDb));
        account.put("ACCOUNT_RECONCILIATION_WINDOW_SETTLE", "0s");
        accountService = ServiceProcess.start("account-service", name + "-account-service", account);
        Map<String, String> callback = new HashMap<>(SystemEnv.forDatabase(callbackDb));
        callback.put("CALLBACK_REQUIRE_HTTPS", "false");
        callback.put("CALLBACK_ALLOW_LOOPBACK", "true");
        callbackService = ServiceProcess.start("callback-service", name + "-callback-service", callback);

        Path consoleFiles = Files.createDirectories(Path.of(System.getProperty("system-tests.logs", "target"), name));
        Path users = consoleFiles.resolve("users.properties");
        Path roles = consoleFiles.resolve("roles.properties");
        Files.writeString(users, OPERATOR + "=" + digest(OPERATOR) + "\n" + VIEWER + "=" + digest(VIEWER) + "\n");
        Files.writeString(roles, OPERATOR + "=ops:read,ops:write\n" + VIEWER + "=ops:read\n");
        tokenDirectory = consoleFiles;
        console = ServiceProcess.start("console", name + "-console", Map.ofEntries(
                Map.entry("QUARKUS_PROFILE", "local"),
                // Not used under the local sign-in, but named by the pages' form-action as in production.
                Map.entry("QUARKUS_OIDC_AUTH_SERVER_URL", OIDC_PROVIDER),
                Map.entry("CONSOLE_LOCAL_USERS_FILE", users.toAbsolutePath().toString()),
                Map.entry("CONSOLE_LOCAL_ROLES_FILE", roles.toAbsolutePath().toString()),
                Map.entry("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", UUID.randomUUID() + "-" + UUID.randomUUID()),
                Map.entry("CONSOLE_RECHARGE_API_URL", rechargeService.baseUrl()),
                Map.entry("CONSOLE_ACCOUNT_API_URL", accountService.baseUrl()),
                Map.entry("CONSOLE_CALLBACK_API_URL", callbackService.baseUrl()),
                Map.entry("CONSOLE_RECHARGE_API_TOKEN_FILE", serviceTokenFile(Roles.RECHARGE_AUDIENCE)),
                Map.entry("CONSOLE_ACCOUNT_API_TOKEN_FILE", serviceTokenFile(Roles.ACCOUNT_AUDIENCE)),
                Map.entry("CONSOLE_CALLBACK_API_TOKEN_FILE", serviceTokenFile(Roles.CALLBACK_AUDIENCE))));
    }

    /** The console's token for one service in a file of its own, as Kubernetes mounts them; the file's path. */
    private String serviceTokenFile(String audience) {
        renewServiceToken(audience, consoleToken(audience));
        return tokenFile(audience).toAbsolutePath().toString();
    }

    /** A token for the console to call one service with, as bin/run-local makes it. */
    static String consoleToken(String audience) {
        return TestTokens.token().roles(Roles.OPS_READ, Roles.OPS_WRITE, Roles.OPS_DELEGATE).audience(audience)
                .subject("console").sign();
    }

    /** Replaces the console's token file for one service the way the kubelet renews a mounted Secret (a new file). */
    void renewServiceToken(String audience, String token) {
        try {
            Path next = Files.createTempFile(tokenDirectory, "token", ".tmp");
            Files.writeString(next, token);
            Files.move(next, tokenFile(audience), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path tokenFile(String audience) {
        return tokenDirectory.resolve("token-" + audience);
    }

    /** The local sign-in's digest: HEX(MD5("name:recharge-notify:password")), as Elytron's properties realm reads it. */
    private String digest(String user) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(
                    (user + ":recharge-notify:" + passwords.get(user)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void loseAndParkOutboxRows() {
        Sql.execute(rechargeDb, """
                CREATE FUNCTION park_outbox_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.parked_at := now();
                    NEW.attempts := 8;
                    NEW.last_error := 'parked by the console test';
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER park_outbox_row BEFORE INSERT ON outbox FOR EACH ROW
                    WHEN (NEW.message_key LIKE '%2$s%%') EXECUTE FUNCTION park_outbox_row();
                CREATE FUNCTION lose_outbox_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM outbox WHERE id = NEW.id;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER lose_outbox_row AFTER INSERT ON outbox FOR EACH ROW
                    WHEN (NEW.message_key LIKE '%1$s%%') EXECUTE FUNCTION lose_outbox_row();"""
                .formatted(LOST_PREFIX, PARK_PREFIX));
    }

    /** Registers a callback endpoint for the account at a port nobody listens on: its deliveries keep failing. */
    String registerEndpoint(String accountNo) {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return given().baseUri(callbackService.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + closedPort + "/hook", "accountNos", List.of(accountNo),
                        "description", "console test"))
                .post("/endpoints").then().statusCode(201).extract().path("id");
    }

    Browser browser() {
        return new Browser(console.baseUrl());
    }

    String password(String user) {
        return passwords.get(user);
    }

    /** When the system was started: every token the console holds was issued since. */
    Instant started() {
        return started;
    }

    String consoleUrl() {
        return console.baseUrl();
    }

    String rechargeDb() {
        return rechargeDb;
    }

    ServiceProcess rechargeService() {
        return rechargeService;
    }

    ServiceProcess accountService() {
        return accountService;
    }

    ServiceProcess callbackService() {
        return callbackService;
    }

    @Override
    public void close() {
        ServiceProcess.closeAll(console, callbackService, accountService, rechargeService);
    }
}
