package io.rechargenotify.shared.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A client that accepts only {@code application/problem+json} – as generated clients do for an operation whose
 * declared bodies are all problems – still gets an answer, never a {@code 406}: the APIs speak JSON, and a problem is
 * sent as {@code application/problem+json}, so such a request is negotiated as if it accepted JSON too.
 */
public class ProblemAccept {

    @ServerRequestFilter(preMatching = true)
    public void acceptJsonWithProblems(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains(Problem.MEDIA_TYPE)) {
            return;
        }
        boolean acceptsJson = Arrays.stream(accept.split(",")).map(String::trim).anyMatch(range -> {
            try {
                return MediaType.valueOf(range).isCompatible(MediaType.APPLICATION_JSON_TYPE);
            } catch (IllegalArgumentException unreadable) {
                return false;
            }
        });
        if (!acceptsJson) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", " + MediaType.APPLICATION_JSON);
        }
    }
}
