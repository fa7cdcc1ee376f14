package io.rechargenotify.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns a service's error answer (an RFC 9457 problem, or anything else) into a {@link ServiceProblem}. */
public class ServiceProblems implements ResponseExceptionMapper<ServiceProblem> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A problem's text is shown on a page: enough to understand it, never a whole body. */
    private static final int MAX_TEXT = 500;

    @Override
    public ServiceProblem toThrowable(Response response) {
        String title = response.getStatusInfo().getReasonPhrase();
        String detail = null;
        try {
            String body = response.readEntity(String.class);
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.isObject()) {
                title = problem.path("title").asText(title);
                detail = problem.hasNonNull("detail") ? problem.get("detail").asText() : null;
                if (problem.path("violations").isArray() && !problem.get("violations").isEmpty()) {
                    detail = (detail == null ? "" : detail + ": ") + problem.get("violations").toString();
                }
            }
        } catch (RuntimeException | java.io.IOException notAProblem) {
            // a body that is not JSON: the status says enough
        }
        return new ServiceProblem(response.getStatus(), cut(title), cut(detail));
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
