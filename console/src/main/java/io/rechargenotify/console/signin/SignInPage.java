package io.rechargenotify.console.signin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The local sign-in form (profile {@code local}) and signing out; with OIDC the provider's pages do both. */
@Path("/")
public class SignInPage {

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance login(boolean failed);
    }

    private final String cookieName;

    public SignInPage(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String cookieName) {
        this.cookieName = cookieName;
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@QueryParam("error") String error) {
        return Templates.login(error != null);
    }

    /** Forgets the sign-in cookie (form sign-in); under OIDC, quarkus.oidc.logout.path takes this path first. */
    @POST
    @Path("logout")
    @PermitAll
    public Response logout() {
        NewCookie expired = new NewCookie.Builder(cookieName).path("/").value("").maxAge(0).httpOnly(true).build();
        return Response.seeOther(URI.create("/login")).cookie(expired).build();
    }
}
