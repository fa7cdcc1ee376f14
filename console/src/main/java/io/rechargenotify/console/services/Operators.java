package io.rechargenotify.console.services;

/** The header that names the signed-in operator on the services' side, as the REST clients send it. */
final class Operators {

    static final String HEADER = "RN-Operator";
    static final String NAME = "{io.rechargenotify.console.services.Operator.name}";

    private Operators() {
    }
}
