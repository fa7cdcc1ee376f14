package io.rechargenotify.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Who is recorded: the token's subject, or the operator a delegating token names, and which names are refused. */
class CallerTest {

    private static final Set<String> DELEGATE = Set.of(Roles.OPS_WRITE, Roles.OPS_DELEGATE);

    @Test
    void theSubjectIsRecordedWithoutDelegation() {
        assertThat(caller("ops-alice", Set.of(Roles.OPS_WRITE)).name()).isEqualTo("ops-alice");
        assertThat(caller("ops-alice", DELEGATE).name()).isEqualTo("ops-alice");
        assertThat(caller(null, Set.of(Roles.OPS_WRITE)).name()).isEqualTo("unknown");
        assertThat(caller("s".repeat(500), Set.of()).name()).hasSize(Caller.MAX_LENGTH);
    }

    @Test
    void aDelegatingTokenRecordsTheOperatorViaItsSubject() {
        assertThat(caller("console", DELEGATE, "alice").name()).isEqualTo("alice via console");
        assertThat(caller("console", DELEGATE, "Alice Smith").name()).isEqualTo("Alice Smith via console");
        assertThat(caller("console", DELEGATE, "o".repeat(Caller.MAX_OPERATOR_LENGTH)).name())
                .isEqualTo("o".repeat(Caller.MAX_OPERATOR_LENGTH) + " via console");
        assertThat(caller("c".repeat(300), DELEGATE, "alice").name()).hasSize(Caller.MAX_LENGTH)
                .startsWith("alice via ccc");
    }

    @Test
    void withoutOpsDelegateTheHeaderIsIgnoredWhateverItHolds() {
        for (String header : List.of("alice", "", "al\u0000ice", "x".repeat(500), "\u202Eecila")) {
            assertThat(caller("ops-bob", Set.of(Roles.OPS_WRITE, Roles.OPS_READ), header).name())
                    .isEqualTo("ops-bob");
        }
    }

    @Test
    void aBadOperatorHeaderIsRefused() {
        Map<String, String> bad = new HashMap<>();
        bad.put("empty", "");
        bad.put("blank", "   ");
        bad.put("no-break spaces only", "\u00A0\u3000");
        bad.put("too long", "o".repeat(Caller.MAX_OPERATOR_LENGTH + 1));
        bad.put("NUL", "al\u0000ice");
        bad.put("tab", "ali\tce");
        bad.put("line break", "alice\r\nX-Injected: 1");
        bad.put("DEL", "alice\u007F");
        bad.put("C1 control", "alice\u0085");
        bad.put("right-to-left override", "\u202Eecila");
        bad.put("zero-width space", "al\u200Bice");
        bad.put("byte order mark", "\uFEFFalice");
        bad.put("line separator", "alice\u2028bob");
        bad.put("lone surrogate", "alice\uD800");
        bad.put("private use", "alice\uE000");
        bad.put("unassigned", "alice\uFFFF");
        bad.put("UTF-8 bytes of U+202E", latin1Bytes("\u202Eecila"));
        bad.forEach((kind, header) -> assertThatThrownBy(() -> caller("console", DELEGATE, header).name(), kind)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(Caller.OPERATOR_HEADER)
                .hasMessageNotContaining(header.isBlank() ? "\u0000" : header));
    }

    @Test
    void theHeaderTwiceIsRefused() {
        Caller twice = new Caller(token("console", DELEGATE), headers(List.of("alice", "bob")));
        assertThatThrownBy(twice::name).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("once");
    }

    @Test
    void nonAsciiNamesAreTakenAndUtf8BytesReadAsUtf8() {
        assertThat(caller("console", DELEGATE, "李雷").name()).isEqualTo("李雷 via console");
        // as the HTTP server hands over UTF-8 bytes: one ISO-8859-1 character per byte
        assertThat(caller("console", DELEGATE, latin1Bytes("李雷")).name()).isEqualTo("李雷 via console");
        // bytes that are not UTF-8 stay ISO-8859-1
        assertThat(caller("console", DELEGATE, "Zo\u00EB").name()).isEqualTo("Zoë via console");
        // a name of 100 characters is 100 code points, whatever UTF-16 needs for them
        assertThat(caller("console", DELEGATE, "😀".repeat(Caller.MAX_OPERATOR_LENGTH)).name())
                .startsWith("😀😀");
        // cut to the column, never in the middle of a surrogate pair
        String cut = caller("😀".repeat(150), DELEGATE, "ab").name();
        assertThat(cut).hasSize(Caller.MAX_LENGTH - 1);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
    }

    private static String latin1Bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static Caller caller(String subject, Set<String> groups) {
        return new Caller(token(subject, groups), headers(List.of()));
    }

    private static Caller caller(String subject, Set<String> groups, String operatorHeader) {
        return new Caller(token(subject, groups), headers(List.of(operatorHeader)));
    }

    /** Request headers with {@link Caller#OPERATOR_HEADER} holding these values (case-insensitive, as JAX-RS). */
    private static HttpHeaders headers(List<String> operator) {
        return (HttpHeaders) Proxy.newProxyInstance(CallerTest.class.getClassLoader(),
                new Class<?>[] { HttpHeaders.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getRequestHeader")) {
                        return ((String) args[0]).equalsIgnoreCase(Caller.OPERATOR_HEADER) ? operator : List.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static JsonWebToken token(String subject, Set<String> groups) {
        Map<String, Object> claims = new HashMap<>();
        if (subject != null) {
            claims.put("sub", subject);
        }
        claims.put("groups", groups);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
