package io.rechargenotify.console.web;

import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.services.ServiceProblem;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What an operator sees when a service says no or does not answer: the service's own problem (status, title, detail)
 * on the page, or in place of the button they pressed. Never a stack trace.
 */
public class ErrorPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(Page page, int status, String title, String detail);

        static native TemplateInstance error$problem(int status, String title, String detail);
    }

    private final Pages pages;

    public ErrorPages(Pages pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response serviceSaidNo(ServiceProblem problem) {
        // a 4xx is the service's answer to this request (not found, already replayed); anything else is a bad gateway
        int status = problem.status() >= 400 && problem.status() < 500 ? problem.status() : 502;
        return render(status, problem.title(), problem.detail());
    }

    @ServerExceptionMapper
    public Response serviceDidNotAnswer(ProcessingException failure) {
        Log.warnf("A service did not answer: %s", failure.getMessage());
        return render(502, "A service did not answer", failure.getMessage());
    }

    private Response render(int status, String title, String detail) {
        if (pages.fragmentWanted()) {
            // htmx swaps only successful answers: the problem goes in place of the action, marked as an alert
            return Response.ok(Templates.error$problem(status, title, detail)).type(MediaType.TEXT_HTML).build();
        }
        return Response.status(status).entity(Templates.error(pages.page("Something went wrong"), status, title,
                detail)).type(MediaType.TEXT_HTML).build();
    }
}
