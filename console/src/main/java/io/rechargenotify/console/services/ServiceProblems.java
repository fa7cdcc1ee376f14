package io.rechargenotify.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns a service's error answer (an RFC 9457 problem, or anything else) into a {@link ServiceProblem}, one mapper per
 * service (the nested classes, registered on that service's REST clients).
 *
 * <p>A 401 or 403 is never the operator's doing – the console checks their roles itself, and its tokens carry every
 * operator role –, so it is the console's own service token that was refused (expired, not renewed, wrong audience):
 * shown as a bad gateway that names the token to fix, and logged, rather than as the service's bare 401.
 */
public abstract class ServiceProblems implements ResponseExceptionMapper<ServiceProblem> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A problem's text is shown on a page: enough to understand it, never a whole body. */
    private static final int MAX_TEXT = 500;

    private final String service;
    private final String tokenVariable;

    protected ServiceProblems(String service, String tokenVariable) {
        this.service = service;
        this.tokenVariable = tokenVariable;
    }

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
        int status = response.getStatus();
        if (status == 401 || status == 403) {
            String answer = status + " " + cut(title) + (detail == null ? "" : ": " + cut(detail));
            Log.warnf("%s refused the console's service token (%s): check %s_FILE / %s", service, answer,
                    tokenVariable, tokenVariable);
            return new ServiceProblem(502, service + " refused the console's service token", answer + ". Its token "
                    + "for " + service + " (" + tokenVariable + "_FILE, in Kubernetes the Secret console-service-tokens"
                    + ") is missing, expired or not for this service: renew it – the file is read again at once.");
        }
        return new ServiceProblem(status, cut(title), cut(detail));
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    /** recharge-service's answers. */
    public static class OfRechargeService extends ServiceProblems {
        public OfRechargeService() {
            super(RechargeApi.SERVICE, "CONSOLE_RECHARGE_API_TOKEN");
        }
    }

    /** account-service's answers. */
    public static class OfAccountService extends ServiceProblems {
        public OfAccountService() {
            super(AccountApi.SERVICE, "CONSOLE_ACCOUNT_API_TOKEN");
        }
    }

    /** callback-service's answers. */
    public static class OfCallbackService extends ServiceProblems {
        public OfCallbackService() {
            super(CallbackApi.SERVICE, "CONSOLE_CALLBACK_API_TOKEN");
        }
    }
}
