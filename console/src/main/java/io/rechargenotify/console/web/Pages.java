package io.rechargenotify.console.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The signed-in operator's frame for a page, and how an action answers a plain form post or an htmx request. */
@RequestScoped
public class Pages {

    /** Look: every page. */
    public static final String READ = "ops:read";
    /** Act: replay, reconcile, unpark, resend, enable – recorded by the service with the operator's name. */
    public static final String WRITE = "ops:write";

    private final SecurityIdentity identity;
    private final HttpHeaders headers;

    public Pages(SecurityIdentity identity, HttpHeaders headers) {
        this.identity = identity;
        this.headers = headers;
    }

    public Page page(String title) {
        return new Page(title, identity.getPrincipal().getName(), identity.hasRole(WRITE));
    }

    /** htmx asks for a fragment to swap in place; a plain form post (no JavaScript) gets the whole page again. */
    public boolean fragmentWanted() {
        return "true".equals(headers.getHeaderString("HX-Request"));
    }

    /** After a plain form post: see the result on the page it was taken from (post/redirect/get). */
    public static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
