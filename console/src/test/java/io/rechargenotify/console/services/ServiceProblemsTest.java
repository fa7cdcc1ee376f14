package io.rechargenotify.console.services;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/**
 * A service's error answer becomes what the operator reads: the problem's title and detail (with its violations),
 * the status's reason when the body is not a problem, never more than 500 characters of either; a refused service
 * token is said to be one.
 */
class ServiceProblemsTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final ServiceProblems problems = new ServiceProblems.OfCallbackService();

    @Test
    void aProblemsTitleAndDetailAreShown() {
        ServiceProblem problem = problems.toThrowable(answer(409, PROBLEM_JSON, """
                {"type":"about:blank","title":"Already resolved","status":409,"detail":"Dead letter 7 was retried"}
                """));

        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.title()).isEqualTo("Already resolved");
        assertThat(problem.detail()).isEqualTo("Dead letter 7 was retried");
        assertThat(problem).hasMessage("409 Already resolved: Dead letter 7 was retried");
    }

    @Test
    void aRefusedTokenIsABadGatewayThatNamesTheTokenToRenew() {
        ServiceProblem problem = problems.toThrowable(answer(401, PROBLEM_JSON, """
                {"title":"Not authenticated","status":401,"detail":"The token is expired"}
                """));

        assertThat(problem.status()).as("never the service's own 401: the operator did nothing wrong")
                .isEqualTo(502);
        assertThat(problem.title()).isEqualTo("callback-service refused the console's service token");
        assertThat(problem.detail()).startsWith("401 Not authenticated: The token is expired")
                .contains("CONSOLE_CALLBACK_API_TOKEN_FILE", "console-service-tokens", "renew",
                        "cannot verify tokens");
    }

    @Test
    void aTokenWithoutTheRolesIsABadGatewayThatNamesTheRoles() {
        ServiceProblem problem = problems.toThrowable(answer(403, PROBLEM_JSON, """
                {"title":"Forbidden","status":403,"detail":"Needs the role ops:write"}
                """));

        assertThat(problem.status()).isEqualTo(502);
        assertThat(problem.title()).isEqualTo("callback-service does not let the console's service token do this");
        assertThat(problem.detail()).startsWith("403 Forbidden: Needs the role ops:write")
                .contains("CONSOLE_CALLBACK_API_TOKEN_FILE", "ops:read, ops:write and ops:delegate");
    }

    @Test
    void eachServiceNamesItsOwnToken() {
        assertThat(new ServiceProblems.OfRechargeService().toThrowable(Response.status(401).build()).detail())
                .contains("recharge-service", "CONSOLE_RECHARGE_API_TOKEN_FILE");
        assertThat(new ServiceProblems.OfAccountService().toThrowable(Response.status(401).build()).detail())
                .contains("account-service", "CONSOLE_ACCOUNT_API_TOKEN_FILE");
    }

    @Test
    void violationsFollowTheDetail() {
        ServiceProblem problem = problems.toThrowable(answer(400, PROBLEM_JSON, """
                {"title":"Bad request","detail":"Invalid input",
                 "violations":[{"field":"reason","message":"must not be blank"}]}
                """));

        assertThat(problem.title()).isEqualTo("Bad request");
        assertThat(problem.detail()).startsWith("Invalid input: ").contains("reason", "must not be blank");
    }

    @Test
    void violationsAloneBecomeTheDetail() {
        ServiceProblem problem = problems.toThrowable(answer(400, PROBLEM_JSON, """
                {"title":"Bad request","violations":[{"field":"limit","message":"must be at most 200"}]}
                """));

        assertThat(problem.detail()).doesNotStartWith(":").contains("limit", "must be at most 200");
    }

    @Test
    void noViolationsAddNothing() {
        ServiceProblem problem = problems.toThrowable(answer(400, PROBLEM_JSON, """
                {"title":"Bad request","detail":"Invalid input","violations":[]}
                """));

        assertThat(problem.detail()).isEqualTo("Invalid input");
    }

    @Test
    void aProblemWithoutTitleOrDetailKeepsTheStatusReason() {
        ServiceProblem problem = problems.toThrowable(answer(404, PROBLEM_JSON, "{\"status\":404,\"detail\":null}"));

        assertThat(problem.title()).isEqualTo("Not Found");
        assertThat(problem.detail()).isNull();
        assertThat(problem).hasMessage("404 Not Found");
    }

    @Test
    void aBodyThatIsNotJsonShowsTheStatusReasonOnly() {
        ServiceProblem problem = problems.toThrowable(
                answer(502, MediaType.TEXT_HTML, "<html><body>Bad gateway from the proxy</body></html>"));

        assertThat(problem.status()).isEqualTo(502);
        assertThat(problem.title()).isEqualTo("Bad Gateway");
        assertThat(problem.detail()).isNull();
    }

    @Test
    void jsonThatIsNotAnObjectShowsTheStatusReasonOnly() {
        ServiceProblem problem = problems.toThrowable(answer(500, MediaType.APPLICATION_JSON, "[\"boom\"]"));

        assertThat(problem.title()).isEqualTo("Internal Server Error");
        assertThat(problem.detail()).isNull();
    }

    @Test
    void anEmptyBodyShowsTheStatusReasonOnly() {
        ServiceProblem problem = problems.toThrowable(Response.status(503).build());

        assertThat(problem.title()).isEqualTo("Service Unavailable");
        assertThat(problem.detail()).isNull();
    }

    @Test
    void aLongDetailIsCutTo500Characters() {
        String detail = "d".repeat(499) + "XY" + "z".repeat(600);

        ServiceProblem problem = problems.toThrowable(
                answer(409, PROBLEM_JSON, "{\"title\":\"Conflict\",\"detail\":\"" + detail + "\"}"));

        assertThat(problem.detail()).isEqualTo("d".repeat(499) + "X…");
    }

    @Test
    void aLongTitleIsCutTo500Characters() {
        ServiceProblem problem = problems.toThrowable(
                answer(409, PROBLEM_JSON, "{\"title\":\"" + "t".repeat(800) + "\"}"));

        assertThat(problem.title()).isEqualTo("t".repeat(500) + "…");
    }

    @Test
    void aDetailOfExactly500CharactersIsKeptWhole() {
        String detail = "d".repeat(500);

        ServiceProblem problem = problems.toThrowable(
                answer(409, PROBLEM_JSON, "{\"title\":\"Conflict\",\"detail\":\"" + detail + "\"}"));

        assertThat(problem.detail()).isEqualTo(detail);
    }

    /** A response as the REST client hands it to the mapper: status, content type and the body as text. */
    private static Response answer(int status, String type, String body) {
        return Response.status(status).type(type).entity(body).build();
    }
}
