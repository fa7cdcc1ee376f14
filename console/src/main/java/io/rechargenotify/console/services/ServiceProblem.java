package io.rechargenotify.console.services;

/** A service answered with an error: its status and what its problem body says, to be shown to the operator. */
public class ServiceProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;

    public ServiceProblem(int status, String title, String detail) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
