package io.rechargenotify.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** When a verified token is taken again without verifying it, and when it is verified again. */
class VerifiedTokensTest {

    private static final long MAX_AGE_SECONDS = 3600;

    private Instant now = Instant.parse("2026-12-01T08:00:00Z");
    private final Map<String, Token> issued = new HashMap<>();
    private int verifications;

    /** Verifies as a real parser would: an unknown token, an expired one or one past its age is refused. */
    private final DefaultJWTParser parser = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String text) throws ParseException {
            verifications++;
            Token token = issued.get(text);
            if (token == null || !now.isBefore(token.expiresAt())
                    || !now.isBefore(token.issuedAt().plusSeconds(MAX_AGE_SECONDS))) {
                throw new ParseException("refused");
            }
            return token;
        }
    };

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private final VerifiedTokens tokens = new VerifiedTokens(parser, MAX_AGE_SECONDS, clock,
            () -> now.toEpochMilli() * 1_000_000);

    @Test
    void aTokenIsVerifiedOnceWhileItMayBeReused() throws ParseException {
        String text = issue("a", now, now.plus(Duration.ofHours(1)));

        JsonWebToken first = tokens.parse(text);
        now = now.plusSeconds(30);
        JsonWebToken again = tokens.parse(text);

        assertThat(again).isSameAs(first);
        assertThat(verifications).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsVerifiedEveryTime() {
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);

        assertThat(verifications).isEqualTo(2);
    }

    @Test
    void aTokenIsVerifiedAgainOnceTheReuseWindowHasPassed() throws ParseException {
        String text = issue("a", now, now.plus(Duration.ofHours(1)));
        tokens.parse(text);

        now = now.plus(VerifiedTokens.REUSE).plusSeconds(1);
        tokens.parse(text);

        assertThat(verifications).isEqualTo(2);
    }

    @Test
    void anExpiredTokenIsRefusedEvenWithinTheReuseWindow() throws ParseException {
        String text = issue("a", now, now.plusSeconds(10));
        tokens.parse(text);

        now = now.plusSeconds(10);

        assertThatThrownBy(() -> tokens.parse(text)).isInstanceOf(ParseException.class);
    }

    @Test
    void aTokenPastItsAllowedAgeIsRefusedEvenWithinTheReuseWindow() throws ParseException {
        String text = issue("a", now.minusSeconds(MAX_AGE_SECONDS - 5), now.plus(Duration.ofHours(1)));
        tokens.parse(text);

        now = now.plusSeconds(5);

        assertThatThrownBy(() -> tokens.parse(text)).isInstanceOf(ParseException.class);
    }

    @Test
    void anOverlongTokenIsVerifiedEveryTime() throws ParseException {
        String text = issue("a".repeat(VerifiedTokens.MAX_TOKEN_LENGTH + 1), now, now.plus(Duration.ofHours(1)));
        tokens.parse(text);
        tokens.parse(text);

        assertThat(verifications).isEqualTo(2);
    }

    private String issue(String text, Instant issuedAt, Instant expiresAt) {
        issued.put(text, new Token(issuedAt, expiresAt));
        return text;
    }

    /** The claims the cache reads: iat and exp. */
    private record Token(Instant issuedAt, Instant expiresAt) implements JsonWebToken {

        @Override
        public String getName() {
            return "caller";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("iat", "exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return switch (name) {
                case "iat" -> (T) Long.valueOf(issuedAt.getEpochSecond());
                case "exp" -> (T) Long.valueOf(expiresAt.getEpochSecond());
                default -> null;
            };
        }
    }
}
