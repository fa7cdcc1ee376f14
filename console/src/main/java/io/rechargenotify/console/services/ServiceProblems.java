package io.rechargenotify.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns a service's error answer (an RFC 9457 problem, or anything else) into a {@link ServiceProblem}, one mapper per
 * service (the nested classes, registered on that service's REST clients).
 *
 * <p>A 401 or 403 is never the operator's doing – the console checks their roles itself, and its tokens carry every
 * operator role –, so it is the console's own service token that was refused (expired, not renewed, wrong audience,
 * missing a role) or the service cannot verify tokens: shown as a bad gateway that names the token to fix, and logged,
 * rather than as the service's bare 401 to an operator who did nothing wrong.
 */
public abstract class ServiceProblems implements ResponseExceptionMapper<ServiceProblem> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A problem's text is shown on a page: enough to understand it, never a whole body. */
    private static final int MAX_TEXT = 500;
    /** A refused token fails every call to that service (a look-up makes six): one WARN a minute says it. */
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;
    private static final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

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
            return tokenRefused(status + " " + cut(title) + (detail == null ? "" : ": " + cut(detail)), status == 403);
        }
        return new ServiceProblem(status, cut(title), cut(detail));
    }

    private ServiceProblem tokenRefused(String answer, boolean forbidden) {
        long now = System.nanoTime();
        Long last = lastWarned.get(service);
        if (last == null || now - last > WARN_EVERY_NANOS) {
            lastWarned.put(service, now);
            Log.warnf("%s refused the console's service token (%s): check %s_FILE / %s", service, answer,
                    tokenVariable, tokenVariable);
        }
        String where = tokenVariable + "_FILE, in Kubernetes the Secret console-service-tokens";
        if (forbidden) {
            return new ServiceProblem(502, service + " does not let the console's service token do this", answer
                    + ". The console's token for " + service + " (" + where + ") must carry the roles ops:read, "
                    + "ops:write and ops:delegate: issue it again with them – the file is read again at once.");
        }
        return new ServiceProblem(502, service + " refused the console's service token", answer + ". The console's "
                + "token for " + service + " (" + where + ") is missing, expired or for another service: renew it – "
                + "the file is read again at once. Or " + service + " cannot verify tokens (its public key or "
                + "issuer, MP_JWT_VERIFY_PUBLICKEY_LOCATION / JWT_ISSUER).");
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
