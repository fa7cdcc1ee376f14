package io.rechargenotify.shared.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as recorded on an operator's or a money-moving action (replay, reconcile, resend, disable …): the
 * bearer token's subject ({@code sub}), else its name ({@code upn}, {@code preferred_username}), cut to the bounded
 * column it is stored in.
 */
@ApplicationScoped
public class Caller {

    /** The length of the columns that record who did something ({@code replayed_by}, {@code resent_by} …). */
    public static final int MAX_LENGTH = 200;

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** Read on the request's own thread (the token is request scoped), before any work is handed on. */
    public String name() {
        String name = token.getSubject() != null && !token.getSubject().isBlank() ? token.getSubject()
                : token.getName();
        if (name == null || name.isBlank()) {
            return "unknown";
        }
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }
}
