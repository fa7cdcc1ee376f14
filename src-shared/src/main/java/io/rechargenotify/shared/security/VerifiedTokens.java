package io.rechargenotify.shared.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token parser of every service, remembering tokens it verified for a short while: a client sends the same
 * token with every request until it expires, and verifying it again each time (RSA signature, JSON, claims) was a
 * fifth of recharge-service's CPU per recharge (JFR). smallrye-jwt has no such cache, hence this one.
 *
 * <p>Only successes are remembered, keyed by the exact token text, so a forged or altered token is always verified
 * in full. A remembered token is accepted until the earliest of {@link #REUSE} after its verification, its expiry
 * ({@code exp}) and the end of its allowed age ({@code iat} + {@code mp.jwt.verify.token.age}): never past the time
 * its first verification would have refused it. The price is {@link #REUSE}: a token keeps passing that long after its
 * signing key was withdrawn. Every other method verifies in full.
 */
@Alternative
@Priority(1)
@Singleton
public class VerifiedTokens implements JWTParser {

    /** The longest a verification is reused. */
    static final Duration REUSE = Duration.ofSeconds(60);
    /** The most token text remembered at once, in characters; its parsed claims take a few times as much. */
    static final long MAX_TOKEN_TEXT = 4L * 1024 * 1024;
    /** A longer token is verified every time. */
    static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final JWTParser parser;
    private final Long maxAgeSeconds;
    private final Clock clock;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    public VerifiedTokens(DefaultJWTParser parser, JWTAuthContextInfo context) {
        this(parser, context.getTokenAge(), Clock.systemUTC(), Ticker.systemTicker());
    }

    VerifiedTokens(JWTParser parser, Long maxAgeSeconds, Clock clock, Ticker ticker) {
        this.parser = parser;
        this.maxAgeSeconds = maxAgeSeconds;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumWeight(MAX_TOKEN_TEXT)
                .weigher((String token, JsonWebToken jwt) -> token.length())
                .ticker(ticker)
                .expireAfter(Expiry.<String, JsonWebToken>creating((token, jwt) -> reusableFor(jwt)))
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = token.length() <= MAX_TOKEN_LENGTH ? verified.getIfPresent(token) : null;
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = parser.parse(token);
        if (token.length() <= MAX_TOKEN_LENGTH && !reusableFor(jwt).isZero()) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** How long from now {@code jwt} may be accepted without verifying it again; zero if not at all. */
    private Duration reusableFor(JsonWebToken jwt) {
        Instant now = clock.instant();
        Instant until = now.plus(REUSE);
        if (jwt.getExpirationTime() > 0) {
            until = min(until, Instant.ofEpochSecond(jwt.getExpirationTime()));
        }
        if (maxAgeSeconds != null && jwt.getIssuedAtTime() > 0) {
            until = min(until, Instant.ofEpochSecond(jwt.getIssuedAtTime()).plusSeconds(maxAgeSeconds));
        }
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
