package io.rechargenotify.console.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a state-changing request that a browser says came from another site (CSRF), by the Fetch metadata and
 * Origin headers browsers set themselves (OWASP's "verify origin with standard headers"). Written here because
 * quarkus-rest-csrf does not resolve for this Quarkus version; the sign-in cookie is also SameSite=Strict.
 */
public class SameOriginFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter(preMatching = true)
    public Response refuseCrossSite(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return null;
        }
        String site = request.getHeaderString("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return forbidden();
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !sameHost(origin, request.getHeaderString("Host"))) {
            return forbidden();
        }
        return null;
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    private static Response forbidden() {
        return Response.status(Response.Status.FORBIDDEN).type("text/plain")
                .entity("Refused: this form was not sent from the console's own pages.").build();
    }
}
