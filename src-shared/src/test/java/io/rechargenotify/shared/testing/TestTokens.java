package io.rechargenotify.shared.testing;

import io.rechargenotify.shared.security.Roles;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens for tests, signed with an RSA key pair made for this JVM (no key is ever committed). The pair lives in
 * system properties so the test resource that configures the service and the test code that calls it (which Quarkus
 * may load in different class loaders) sign and verify with the same keys.
 */
public final class TestTokens {

    private static final String PUBLIC_KEY = "recharge-notify.test.jwt.public";
    private static final String PRIVATE_KEY = "recharge-notify.test.jwt.private";

    /** Every role of SPEC.md. */
    public static final Set<String> ALL_ROLES = Set.of(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ,
            Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ, Roles.CALLBACK_ADMIN, Roles.OPS_READ, Roles.OPS_WRITE,
            Roles.OPS_DELEGATE);

    /** Every service's default audience: a test token works with any, like {@code bin/dev-token}'s. */
    public static final Set<String> ALL_AUDIENCES = Set.of(Roles.RECHARGE_AUDIENCE, Roles.ACCOUNT_AUDIENCE,
            Roles.CALLBACK_AUDIENCE);

    private static volatile String defaultToken;
    private static KeyPair otherKeyPair;

    private TestTokens() {
    }

    /** The public key, base64 DER, as {@code mp.jwt.verify.publickey} takes it. */
    public static synchronized String publicKey() {
        ensureKeys();
        return System.getProperty(PUBLIC_KEY);
    }

    /** A token with these roles for both services, subject {@code test}, issued now and valid for an hour. */
    public static String forRoles(Set<String> roles) {
        return token().roles(roles).sign();
    }

    public static String forRoles(String... roles) {
        return forRoles(Set.of(roles));
    }

    /**
     * Makes every RestAssured call carry a token with all roles unless it sets its own Authorization header. A filter
     * rather than a default request specification: a specification would also fix the port it was built with.
     * RestAssured's filters outlive a Quarkus app in the same JVM while this class is loaded again for the next one, so
     * a filter left by an earlier app (which reads that app's copy of the default token, never changed by
     * {@link #as}) is replaced.
     */
    public static synchronized void authorizeAllCalls() {
        List<Filter> others = RestAssured.filters().stream()
                .filter(filter -> !filter.getClass().getName().equals(DefaultToken.class.getName())).toList();
        RestAssured.replaceFiltersWith(others);
        RestAssured.filters(new DefaultToken());
        defaultToken = forRoles(ALL_ROLES);
    }

    /** Adds the default token to a call that carries no Authorization header of its own. */
    private static final class DefaultToken implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            String token = defaultToken;
            if (token != null && !request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + token);
            }
            return context.next(request, response);
        }
    }

    /** Runs calls without any default token. */
    public static <T> T withoutToken(java.util.function.Supplier<T> calls) {
        String previous = defaultToken;
        defaultToken = null;
        try {
            return calls.get();
        } finally {
            defaultToken = previous;
        }
    }

    /** Runs calls with this token instead of the default one. */
    public static void as(String token, Runnable calls) {
        String previous = defaultToken;
        defaultToken = token;
        try {
            calls.run();
        } finally {
            defaultToken = previous;
        }
    }

    /** A token to be shaped: by default {@link #forRoles} with no roles. */
    public static Builder token() {
        return new Builder();
    }

    /**
     * A token as a test wants it: roles, audience, subject, issuer, age, lifetime, or a key the services do not know.
     */
    public static final class Builder {

        private Set<String> roles = Set.of();
        private Set<String> audiences = ALL_AUDIENCES;
        private String subject = "test";
        private String issuer = Roles.DEFAULT_ISSUER;
        private Duration age = Duration.ZERO;
        private Duration lifetime = Duration.ofHours(1);
        private PrivateKey key;

        private Builder() {
        }

        public Builder roles(String... roles) {
            return roles(Set.of(roles));
        }

        public Builder roles(Set<String> roles) {
            this.roles = roles;
            return this;
        }

        public Builder audience(String... audiences) {
            this.audiences = Set.of(audiences);
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Issued this long ago ({@code iat}); the lifetime still counts from then. */
        public Builder issuedAgo(Duration age) {
            this.age = age;
            return this;
        }

        /** {@code exp} this long after {@code iat}. */
        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        /** Signed with a key of this JVM that no service is configured with. */
        public Builder unknownKey() {
            this.key = otherKeyPair().getPrivate();
            return this;
        }

        public String sign() {
            Instant issuedAt = Instant.now().minus(age);
            return Jwt.issuer(issuer).subject(subject).groups(roles).audience(audiences)
                    .issuedAt(issuedAt).expiresAt(issuedAt.plus(lifetime))
                    .sign(key != null ? key : privateKey());
        }
    }

    /**
     * Tokens no service may accept although their claims are right (all roles, both audiences): each names how it
     * was forged – no signature ({@code alg: none}), HS256 with the public key as the shared secret (the
     * algorithm-confusion attack), or a well-formed token refused for its claims or key.
     */
    public static Map<String, String> forged() {
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(Json.createObjectBuilder()
                .add("iss", Roles.DEFAULT_ISSUER).add("sub", "forger")
                .add("aud", Json.createArrayBuilder(ALL_AUDIENCES))
                .add("groups", Json.createArrayBuilder(ALL_ROLES))
                .add("iat", Instant.now().getEpochSecond())
                .add("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond())
                .build().toString().getBytes(StandardCharsets.UTF_8));
        String none = encodedHeader("none") + "." + claims;
        String hs256 = encodedHeader("HS256") + "." + claims;
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("alg none, no signature", none + ".");
        forged.put("HS256 with the public key as secret", hs256 + "." + hmac(hs256, publicKey()));
        forged.put("another audience only", token().roles(ALL_ROLES).audience("another-application").sign());
        forged.put("another issuer", token().roles(ALL_ROLES).issuer("someone-else").sign());
        forged.put("expired", token().roles(ALL_ROLES).issuedAgo(Duration.ofHours(2)).lifetime(Duration.ofHours(1))
                .sign());
        forged.put("issued more than a day ago", token().roles(ALL_ROLES).issuedAgo(Duration.ofHours(25))
                .lifetime(Duration.ofDays(30)).sign());
        forged.put("signed with an unknown key", token().roles(ALL_ROLES).unknownKey().sign());
        return forged;
    }

    private static String encodedHeader(String algorithm) {
        String header = Json.createObjectBuilder().add("alg", algorithm).add("typ", "JWT").build().toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String signingInput, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyPair otherKeyPair() {
        if (otherKeyPair == null) {
            otherKeyPair = newKeyPair();
        }
        return otherKeyPair;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized PrivateKey privateKey() {
        ensureKeys();
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(System.getProperty(PRIVATE_KEY))));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ensureKeys() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PUBLIC_KEY) != null) {
                return;
            }
            KeyPair pair = newKeyPair();
            System.setProperty(PRIVATE_KEY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            System.setProperty(PUBLIC_KEY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        }
    }
}
