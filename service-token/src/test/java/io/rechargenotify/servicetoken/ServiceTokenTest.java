package io.rechargenotify.servicetoken;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header follows the token file as it is renewed, and falls back to the configured token without one; the gauges
 * say when the token in use was issued and expires.
 */
class ServiceTokenTest {

    @TempDir
    Path directory;

    final ServiceToken token = new ServiceToken("recharge-service", "test.api");

    @Test
    void aRenewedFileIsUsedByTheNextCall() throws IOException {
        Path file = directory.resolve("token");
        renew(file, "token-of-monday\n");
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).isEqualTo("Bearer token-of-monday");
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).isEqualTo("Bearer token-of-monday");

        // The way the kubelet updates a mounted Secret: a new file swapped in.
        renew(file, "token-of-tuesday");
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).isEqualTo("Bearer token-of-tuesday");
    }

    @Test
    void withoutAReadableTokenInTheFileTheConfiguredTokenIsUsed() throws IOException {
        Path file = directory.resolve("token");
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).as("no file yet")
                .isEqualTo("Bearer configured");

        renew(file, "  \n");
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).as("blank file")
                .isEqualTo("Bearer configured");

        renew(file, "from-file");
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).isEqualTo("Bearer from-file");

        Files.delete(file);
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).as("file removed")
                .isEqualTo("Bearer configured");
    }

    @Test
    void aFileThatIsNotABearerTokenIsNotSent() throws IOException {
        Path file = directory.resolve("token");
        for (String content : List.of("two words", "first-line\nsecond-line", "token\r\nX-Injected: yes",
                "tok\u00e9n")) {
            renew(file, content);
            assertThat(token.header(Optional.of(file), Optional.of("configured"))).as(content)
                    .isEqualTo("Bearer configured");
        }
        renew(file, "x".repeat((int) ServiceToken.MAX_FILE_BYTES + 1));
        assertThat(token.header(Optional.of(file), Optional.of("configured"))).as("oversized")
                .isEqualTo("Bearer configured");

        renew(file, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb25zb2xlIn0.c2lnbmF0dXJl_-~+/==\n");
        assertThat(token.header(Optional.of(file), Optional.of("configured")))
                .isEqualTo("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb25zb2xlIn0.c2lnbmF0dXJl_-~+/==");
    }

    @Test
    void aConfiguredTokenIsTrimmedAndSentOnlyIfItIsABearerToken() {
        assertThat(token.header(Optional.empty(), Optional.of("configured\n"))).isEqualTo("Bearer configured");
        assertThat(token.header(Optional.empty(), Optional.of("token\r\nX-Injected: yes"))).isNull();
    }

    @Test
    void withNeitherThereIsNoHeader() {
        assertThat(token.header(Optional.of(directory.resolve("missing")), Optional.empty())).isNull();
        assertThat(token.header(Optional.empty(), Optional.empty())).isNull();
        assertThat(token.header(Optional.empty(), Optional.of(" "))).isNull();
    }

    @Test
    void theGaugesSayWhenTheTokenInUseWasIssuedAndExpires() throws IOException {
        Path file = directory.resolve("token");
        ServiceToken inUse = new ServiceToken("callback-service", "test.api", () -> Optional.of(file),
                Optional::empty);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        inUse.exposeTo(registry);
        Gauge issued = registry.get("service.token.issued.timestamp").tag("audience", "callback-service").gauge();
        Gauge expiry = registry.get("service.token.expiry.timestamp").tag("audience", "callback-service").gauge();
        assertThat(issued.value()).as("no token yet").isNaN();
        assertThat(expiry.value()).as("no token yet").isNaN();

        renew(file, jwt("{\"sub\":\"console\",\"iat\":1764633600,\"exp\":1764720000}"));
        assertThat(issued.value()).isEqualTo(1764633600d);
        assertThat(expiry.value()).isEqualTo(1764720000d);

        renew(file, jwt("{\"sub\":\"console\",\"iat\":1764700000}"));
        assertThat(issued.value()).as("renewed").isEqualTo(1764700000d);
        assertThat(expiry.value()).as("a token without exp").isNaN();

        renew(file, "opaque-token");
        assertThat(issued.value()).as("not a JWT").isNaN();
    }

    @Test
    void onlyAJwtsNumericClaimsAreTimes() {
        assertThat(ServiceToken.times("a.b")).isEqualTo(ServiceToken.TokenTimes.UNKNOWN);
        assertThat(ServiceToken.times("a.%%%.c")).isEqualTo(ServiceToken.TokenTimes.UNKNOWN);
        assertThat(ServiceToken.times(jwt("not json"))).isEqualTo(ServiceToken.TokenTimes.UNKNOWN);
        assertThat(ServiceToken.times(jwt("[1764633600]"))).isEqualTo(ServiceToken.TokenTimes.UNKNOWN);
        assertThat(ServiceToken.times(jwt("{\"iat\":\"1764633600\",\"exp\":1764720000}")))
                .isEqualTo(new ServiceToken.TokenTimes(Double.NaN, 1764720000d));
    }

    /** A JWT's shape with this payload (the signature is not checked here). */
    private static String jwt(String payload) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static void renew(Path file, String content) throws IOException {
        Path next = Files.createTempFile(file.getParent(), "token", ".tmp");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
