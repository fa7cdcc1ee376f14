package io.rechargenotify.shared.problem;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Both APIs: refuses a request body larger than {@code api.max-body-size} with a 413 problem before it is read.
 * The HTTP layer's own limit ({@code quarkus.http.limits.max-body-size}) stays above it as the last guard, for bodies
 * sent without a Content-Length; it answers 413 without a problem body.
 */
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(@ConfigProperty(name = "api.max-body-size", defaultValue = "16K") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizedBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                && Long.parseLong(length) > maxBytes) {
            return Problems.response(Problems.payloadTooLarge(maxBytes, request.getUriInfo().getPath()));
        }
        return null;
    }
}
