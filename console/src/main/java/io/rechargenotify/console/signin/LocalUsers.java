package io.rechargenotify.console.signin;

import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.rechargenotify.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.realm.LegacyPropertiesSecurityRealm;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.authz.Attributes;
import org.wildfly.security.evidence.PasswordGuessEvidence;

/**
 * Local sign-in: users and roles from two files named at run time (bin/run-local writes them), checked by Elytron's
 * properties realm (digest {@code HEX(MD5(name:recharge-notify:password))}). Quarkus' own file realm takes its file
 * names at build time only, so the packaged console could not be given them; this reads the same format at start.
 * Only under the {@code local} profile; production signs in through OIDC and has no users here.
 */
@ApplicationScoped
public class LocalUsers {

    /** The realm name inside every stored digest. */
    public static final String REALM = "recharge-notify";

    private final Optional<LegacyPropertiesSecurityRealm> realm;

    public LocalUsers(ConsoleConfig config) {
        this.realm = ConfigUtils.isProfileActive("local") ? Optional.of(load(config.localSignIn())) : Optional.empty();
    }

    /** The sign-in form: name and password checked against the users file. */
    @ApplicationScoped
    static class Passwords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

        private final LocalUsers users;

        Passwords(LocalUsers users) {
            this.users = users;
        }

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            // MD5 over a small file in memory: cheap, but the realm API is blocking, so off the event loop anyway
            String password = new String(request.getPassword().getPassword());
            return context.runBlocking(() -> users.identity(request.getUsername(), Optional.of(password)));
        }
    }

    /**
     * Every request after sign-in: the session cookie names the user; they must still be in the users file, and get
     * the roles it gives them now.
     */
    @ApplicationScoped
    static class Sessions implements IdentityProvider<TrustedAuthenticationRequest> {

        private final LocalUsers users;

        Sessions(LocalUsers users) {
            this.users = users;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return context.runBlocking(() -> users.identity(request.getPrincipal(), Optional.empty()));
        }
    }

    /** The user with their roles; with a password, only if it is theirs. */
    SecurityIdentity identity(String name, Optional<String> password) {
        if (realm.isEmpty()) {
            throw new AuthenticationFailedException("local sign-in is off");
        }
        return check(name, password);
    }

    private SecurityIdentity check(String name, Optional<String> password) {
        try {
            RealmIdentity user = realm.get().getRealmIdentity(new NamePrincipal(name));
            if (!user.exists() || password.isPresent()
                    && !user.verifyEvidence(new PasswordGuessEvidence(password.get().toCharArray()))) {
                throw new AuthenticationFailedException();
            }
            Attributes attributes = user.getAuthorizationIdentity().getAttributes();
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(name));
            attributes.get("groups").forEach(identity::addRole);
            return identity.build();
        } catch (RealmUnavailableException unreadable) {
            throw new AuthenticationFailedException(unreadable);
        }
    }

    private static LegacyPropertiesSecurityRealm load(ConsoleConfig.LocalSignIn files) {
        Path users = Path.of(files.usersFile().orElseThrow(() -> new IllegalStateException(
                "local sign-in needs console.local-sign-in.users-file (CONSOLE_LOCAL_USERS_FILE)")));
        Path roles = Path.of(files.rolesFile().orElseThrow(() -> new IllegalStateException(
                "local sign-in needs console.local-sign-in.roles-file (CONSOLE_LOCAL_ROLES_FILE)")));
        try (InputStream usersIn = Files.newInputStream(users); InputStream rolesIn = Files.newInputStream(roles)) {
            return LegacyPropertiesSecurityRealm.builder().setUsersStream(usersIn).setGroupsStream(rolesIn)
                    .setDefaultRealm(REALM).setPlainText(false).build();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the local sign-in files " + users + ", " + roles, unreadable);
        }
    }
}
