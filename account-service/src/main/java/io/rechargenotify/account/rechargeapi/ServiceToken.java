package io.rechargenotify.account.rechargeapi;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Authorization header of every call to recharge-service: account-service's service token, if configured.
 *
 * <p>recharge-service refuses a token older than its {@code JWT_MAX_TOKEN_AGE} (a day), so the token must change
 * while this service runs. It does through a file ({@code account.recharge-api.token-file}, in Kubernetes the mounted
 * Secret the kubelet refreshes): each call looks at the file's attributes and reads it again only when they changed.
 * The header is built on the calling thread, which may be an event loop: a stat of a small file (on a Secret's tmpfs)
 * costs microseconds, and the read happens once per renewal – cheaper than hopping to a worker on every call.
 * Without a readable file, {@code account.recharge-api.token} (set once at start) is used.
 */
public final class ServiceToken {

    private static final AtomicReference<FileToken> lastRead = new AtomicReference<>();

    private ServiceToken() {
    }

    /**
     * {@code Bearer <token>}, or null (no header) when neither {@code account.recharge-api.token-file} (readable, not
     * blank) nor {@code account.recharge-api.token} is set.
     */
    public static String header() {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue("account.recharge-api.token-file", String.class)
                .flatMap(file -> fromFile(Path.of(file)))
                .or(() -> config.getOptionalValue("account.recharge-api.token", String.class))
                .map(token -> "Bearer " + token).orElse(null);
    }

    private static Optional<String> fromFile(Path file) {
        Object version = version(file);
        FileToken known = lastRead.get();
        if (known == null || !known.file().equals(file) || !known.version().equals(version)) {
            FileToken read = read(file, version);
            if (known == null || !Objects.equals(known.token(), read.token()) || !known.file().equals(file)) {
                if (read.token() != null) {
                    Log.infof("Service token for recharge-service read from %s", file);
                } else {
                    Log.warnf("Service token file %s is missing, unreadable or empty: using account.recharge-api"
                            + ".token (RECHARGE_API_TOKEN) if set", file);
                }
            }
            lastRead.set(read);
            known = read;
        }
        return Optional.ofNullable(known.token());
    }

    /**
     * What tells one version of the file from the next: its modification time, size and file key (inode). The
     * kubelet swaps a Secret's files by a symbolic link, so the file followed here is a new one after each update.
     */
    private static Object version(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(),
                    String.valueOf(attributes.fileKey()));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static FileToken read(Path file, Object version) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return new FileToken(file, version, token.isEmpty() ? null : token);
        } catch (IOException e) {
            return new FileToken(file, version, null);
        }
    }

    /** The token last read from a file (null: missing, unreadable or blank) and the version it was read at. */
    private record FileToken(Path file, Object version, String token) {
    }
}
