package io.rechargenotify.account.rechargeapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.account.reconcile.FakeRechargeService;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The service token follows its file while the service runs: recharge-service refuses a token older than a day, so a
 * renewed token (a Secret the kubelet refreshes in the mounted file) must be used by the next call, without a
 * restart; without the file, the configured token is used.
 */
@QuarkusTest
@TestProfile(ServiceTokenFileTest.TokenFileProfile.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "account_test"))
@WithTestResource(FakeRechargeService.class)
class ServiceTokenFileTest {

    static final Path TOKEN_FILE = Path.of("target", "service-token-file-test", "token").toAbsolutePath();
    /** A JWT's shape (header.payload.signature) issued 2025-12-02T00:00Z, expiring a day later; never verified here. */
    static final String TUESDAY = "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(
            "{\"sub\":\"account-service\",\"iat\":1764633600,\"exp\":1764720000}".getBytes(StandardCharsets.UTF_8))
            + ".c2lnbmF0dXJl";

    @Inject
    RechargeGateway gateway;

    FakeRechargeService source;

    @Test
    void aRenewedTokenFileIsUsedByTheNextCallWithoutRestart() throws IOException {
        writeToken("token-of-monday\n");
        source.requireToken("token-of-monday");
        assertThat(lookUp()).as("answered with the token from the file").isEmpty();
        assertThat(source.lastAuthorization()).isEqualTo("Bearer token-of-monday");

        // Renewed the way the kubelet updates a mounted Secret (a new file swapped in); the old token is now refused.
        writeToken(TUESDAY + "\n");
        source.requireToken(TUESDAY);
        assertThat(lookUp()).isEmpty();
        assertThat(source.lastAuthorization()).isEqualTo("Bearer " + TUESDAY);
        // the token in use says when it was issued and expires (alert ServiceTokenExpiring)
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(gauge(metrics, "service_token_issued_timestamp_seconds")).isEqualTo(1764633600d);
        assertThat(gauge(metrics, "service_token_expiry_timestamp_seconds")).isEqualTo(1764720000d);

        // No file: the configured token (RECHARGE_API_TOKEN).
        Files.delete(TOKEN_FILE);
        source.requireToken(TokenFileProfile.CONFIGURED_TOKEN);
        assertThat(lookUp()).isEmpty();
        assertThat(source.lastAuthorization()).isEqualTo("Bearer " + TokenFileProfile.CONFIGURED_TOKEN);
    }

    /** A gauge of the token for recharge-service in a /q/metrics page (Prometheus or OpenMetrics text). */
    private static double gauge(String metrics, String name) {
        Matcher gauge = Pattern.compile("(?m)^" + name + "\\{audience=\"recharge-service\",?} (\\S+)$")
                .matcher(metrics);
        assertThat(gauge.find()).as(name + " in " + metrics.lines().filter(line -> line.contains(name)).toList())
                .isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    /** A look-up of a txNo the fake does not know: empty (404) once the token is accepted, a failure if not. */
    private Optional<RemoteRecharge> lookUp() {
        return gateway.find(UUID.randomUUID()).await().atMost(Duration.ofSeconds(30));
    }

    private static void writeToken(String token) throws IOException {
        Files.createDirectories(TOKEN_FILE.getParent());
        Path next = Files.createTempFile(TOKEN_FILE.getParent(), "token", ".tmp");
        Files.writeString(next, token, StandardCharsets.UTF_8);
        Files.move(next, TOKEN_FILE, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The token file above and a configured token to fall back to. */
    public static class TokenFileProfile implements QuarkusTestProfile {

        static final String CONFIGURED_TOKEN = "token-from-config";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("account.recharge-api.token-file", TOKEN_FILE.toString(),
                    "account.recharge-api.token", CONFIGURED_TOKEN);
        }
    }
}
