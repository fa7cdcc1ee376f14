package io.rechargenotify.callback.endpoint;

import io.rechargenotify.callback.config.CallbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs callback-service calls: absolute {@code http(s)} URLs (only {@code https} where required), without user
 * info or fragment, whose host resolves only to public addresses – loopback, private, link-local and other internal
 * ranges are refused unless configuration allows them, so an endpoint cannot make this service call into the cluster
 * (server-side request forgery). Checked on registration and again before every call, because a name can resolve
 * elsewhere later.
 *
 * <p>{@link #check} resolves host names: it blocks, and must run on a worker thread.
 */
@ApplicationScoped
public class TargetPolicy {

    private final CallbackConfig.Targets config;

    public TargetPolicy(CallbackConfig config) {
        this.config = config.targets();
    }

    /** The URL's form only, without resolving it: for a quick answer to an obviously bad request. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidTargetException("url is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new InvalidTargetException("url must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidTargetException("url must use https or http, not " + scheme);
        }
        if (config.requireHttps() && !scheme.equals("https")) {
            throw new InvalidTargetException("url must use https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidTargetException("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidTargetException("url must not carry user info (credentials)");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidTargetException("url must not have a fragment");
        }
        return uri;
    }

    /** The URL if callback-service may call it now; blocking (resolves the host). */
    public URI check(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidTargetException("url host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            refuseInternal(host, address);
        }
        return uri;
    }

    private void refuseInternal(String host, InetAddress address) {
        if (address.isLoopbackAddress()) {
            if (!config.allowLoopback()) {
                throw new InvalidTargetException("url host " + host + " is a loopback address");
            }
            return;
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new InvalidTargetException("url host " + host + " is not a unicast address");
        }
        if (isInternal(address) && !config.allowPrivate()) {
            throw new InvalidTargetException("url host " + host + " is a private or link-local address");
        }
    }

    /** RFC 1918, link-local (incl. cloud metadata 169.254.169.254), CGNAT 100.64/10, IPv6 unique-local and mapped. */
    static boolean isInternal(InetAddress address) {
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second == 18
                    || second == 19));
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
