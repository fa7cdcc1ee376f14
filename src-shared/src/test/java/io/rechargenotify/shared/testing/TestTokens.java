package io.rechargenotify.shared.testing;

import io.rechargenotify.shared.security.Roles;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with an RSA key pair made for this JVM (no key is ever committed). The pair lives in
 * system properties so the test resource that configures the service and the test code that calls it (which Quarkus
 * may load in different class loaders) sign and verify with the same keys.
 */
public final class TestTokens {

    private static final String PUBLIC_KEY = "recharge-notify.test.jwt.public";
    private static final String PRIVATE_KEY = "recharge-notify.test.jwt.private";

    /** Every role of both services. */
    public static final Set<String> ALL_ROLES = Set.of(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ,
            Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ, Roles.ADMIN);

    private static volatile String defaultToken;
    private static boolean filterInstalled;

    private TestTokens() {
    }

    /** The public key, base64 DER, as {@code mp.jwt.verify.publickey} takes it. */
    public static synchronized String publicKey() {
        ensureKeys();
        return System.getProperty(PUBLIC_KEY);
    }

    /** A token with these roles, valid for an hour. */
    public static String forRoles(Set<String> roles) {
        return Jwt.issuer(Roles.DEFAULT_ISSUER).subject("test").groups(roles)
                .expiresIn(Duration.ofHours(1)).sign(privateKey());
    }

    public static String forRoles(String... roles) {
        return forRoles(Set.of(roles));
    }

    /**
     * Makes every RestAssured call carry a token with all roles unless it sets its own Authorization header. A filter
     * rather than a default request specification: a specification would also fix the port it was built with.
     */
    public static synchronized void authorizeAllCalls() {
        if (!filterInstalled) {
            RestAssured.filters((request, response, context) -> {
                String token = defaultToken;
                if (token != null && !request.getHeaders().hasHeaderWithName("Authorization")) {
                    request.header("Authorization", "Bearer " + token);
                }
                return context.next(request, response);
            });
            filterInstalled = true;
        }
        defaultToken = forRoles(ALL_ROLES);
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
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PRIVATE_KEY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                System.setProperty(PUBLIC_KEY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
