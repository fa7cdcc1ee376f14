package io.rechargenotify.servicetoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header follows the token file as it is renewed, and falls back to the configured token without one. */
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

    private static void renew(Path file, String content) throws IOException {
        Path next = Files.createTempFile(file.getParent(), "token", ".tmp");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
