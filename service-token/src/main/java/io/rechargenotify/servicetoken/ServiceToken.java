package io.rechargenotify.servicetoken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The Authorization header of a REST client calling another service of this system with its own service token.
 *
 * <p>The services refuse a token older than their {@code JWT_MAX_TOKEN_AGE} (a day), so the token must change while
 * the caller runs. It does through a file ({@code <prefix>.token-file}, in Kubernetes a mounted Secret the kubelet
 * refreshes): each call looks at the file's attributes and reads it again only when they changed. The header is built
 * on the calling thread, which may be an event loop: a stat of a small file (on a Secret's tmpfs) costs microseconds,
 * and the read happens once per renewal – cheaper than hopping to a worker on every call. Without a readable file,
 * {@code <prefix>.token} (set once at start) is used.
 *
 * <p>Written by hand: the REST client's {@code @ClientHeaderParam} and the OIDC client filters know a fixed value or a
 * token they obtain themselves, not a token issued elsewhere and renewed in a file.
 */
public final class ServiceToken {

    private static final Logger log = Logger.getLogger(ServiceToken.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a bearer token may be (RFC 6750 b64token; a JWT is one): anything else – a newline inside, a second line, a
     * space – would make the header invalid (every call refused) or smuggle a header in, so it is treated as missing.
     */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /** A token file larger than this is not a token (and is not read on an event loop). */
    static final long MAX_FILE_BYTES = 16 * 1024;

    private final String service;
    private final String fileProperty;
    private final String valueProperty;
    private final AtomicReference<FileToken> lastRead = new AtomicReference<>();
    private final AtomicBoolean malformedConfiguredTokenLogged = new AtomicBoolean();
    private final Supplier<Optional<Path>> configuredFile;
    private final Supplier<Optional<String>> configuredToken;

    /**
     * @param service the service the token is for (the log, the gauges' {@code audience})
     * @param configPrefix where {@code token-file} and {@code token} are configured, e.g. {@code account.recharge-api}
     */
    public ServiceToken(String service, String configPrefix) {
        this(service, configPrefix, () -> config().getOptionalValue(configPrefix + ".token-file", String.class)
                .map(Path::of), () -> config().getOptionalValue(configPrefix + ".token", String.class));
    }

    ServiceToken(String service, String configPrefix, Supplier<Optional<Path>> configuredFile,
            Supplier<Optional<String>> configuredToken) {
        this.service = service;
        this.fileProperty = configPrefix + ".token-file";
        this.valueProperty = configPrefix + ".token";
        this.configuredFile = configuredFile;
        this.configuredToken = configuredToken;
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }

    /**
     * {@code Bearer <token>}, or null (no header) when neither the token file (readable, not blank) nor the token is
     * configured.
     */
    public String header() {
        return header(configuredFile.get(), configuredToken.get());
    }

    /** The header from the token file (if given and readable) or else the configured token. */
    String header(Optional<Path> file, Optional<String> configured) {
        return token(file, configured).map(token -> "Bearer " + token).orElse(null);
    }

    private Optional<String> token(Optional<Path> file, Optional<String> configured) {
        return file.flatMap(this::fromFile).or(() -> configured.map(String::strip).filter(this::configuredUsable));
    }

    /**
     * The gauges {@code service_token_issued_timestamp_seconds} and {@code service_token_expiry_timestamp_seconds}
     * (label {@code audience}: the service the token is for), the iat and exp of the token in use now (NaN without a
     * token, or for one that does not say): the alert ServiceTokenExpiring fires hours before the service would refuse
     * it, rather than an operator finding out from a failing page or reconciliation.
     */
    public void exposeTo(MeterRegistry registry) {
        gauge(registry, "service.token.issued.timestamp", "When the service token in use was issued (its iat)",
                times -> times.issuedAt);
        gauge(registry, "service.token.expiry.timestamp", "When the service token in use expires (its exp)",
                times -> times.expiresAt);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<TokenTimes> time) {
        Gauge.builder(name, this, token -> time.applyAsDouble(token.times())).baseUnit("seconds")
                .description(description).tag("audience", service).strongReference(true).register(registry);
    }

    /** The iat and exp (epoch seconds, NaN when absent) of the token in use now. */
    TokenTimes times() {
        return token(configuredFile.get(), configuredToken.get()).map(ServiceToken::times).orElse(TokenTimes.UNKNOWN);
    }

    /** A JWT's iat and exp, read without verifying it: only to say when it will be refused. */
    static TokenTimes times(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return TokenTimes.UNKNOWN;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return new TokenTimes(epochSeconds(claims.path("iat")), epochSeconds(claims.path("exp")));
        } catch (IOException | IllegalArgumentException notAJwt) {
            return TokenTimes.UNKNOWN;
        }
    }

    private static double epochSeconds(JsonNode claim) {
        return claim.isNumber() ? claim.asDouble() : Double.NaN;
    }

    record TokenTimes(double issuedAt, double expiresAt) {
        static final TokenTimes UNKNOWN = new TokenTimes(Double.NaN, Double.NaN);
    }

    private boolean configuredUsable(String token) {
        if (token.isEmpty()) {
            return false;
        }
        if (!BEARER_TOKEN.matcher(token).matches()) {
            if (malformedConfiguredTokenLogged.compareAndSet(false, true)) {
                log.warnf("%s is not a bearer token (only letters, digits, - . _ ~ + / and trailing =): calls to %s"
                        + " go without one", valueProperty, service);
            }
            return false;
        }
        return true;
    }

    private Optional<String> fromFile(Path file) {
        Object version = version(file);
        FileToken known = lastRead.get();
        if (known == null || !known.file().equals(file) || !known.version().equals(version)) {
            FileToken read = read(file, version);
            if (known == null || !Objects.equals(known.token(), read.token()) || !known.file().equals(file)) {
                if (read.token() != null) {
                    log.infof("Service token for %s read from %s", service, file);
                } else {
                    log.warnf("Service token file %s (%s) is missing, unreadable, empty, over %d bytes or not a bearer"
                            + " token: using %s if set", file, fileProperty, MAX_FILE_BYTES, valueProperty);
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
            if (Files.size(file) > MAX_FILE_BYTES) {
                return new FileToken(file, version, null);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return new FileToken(file, version, BEARER_TOKEN.matcher(token).matches() ? token : null);
        } catch (IOException e) {
            return new FileToken(file, version, null);
        }
    }

    /** The token last read from a file (null: none usable) and the version it was read at. */
    private record FileToken(Path file, Object version, String token) {
    }
}
