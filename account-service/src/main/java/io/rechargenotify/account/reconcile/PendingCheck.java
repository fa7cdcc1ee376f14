package io.rechargenotify.account.reconcile;

/** What asking recharge-service about one pending recharge did. */
public enum PendingCheck {
    /** SUCCEEDED at the source, credited now (the notification was missing). */
    CREDITED,
    /** FAILED at the source, closed now. */
    CLOSED_FAILED,
    /** Already resolved here meanwhile (the notification won the race): nothing changed. */
    ALREADY_RESOLVED,
    /** Still PENDING at the source: asked again later. */
    STILL_PENDING,
    /** Unknown to recharge-service within the grace period: asked again later. */
    NOT_FOUND_WAITING,
    /** Unknown to recharge-service past the grace period: submitted again with its txNo. */
    RESUBMITTED,
    /** Unknown to recharge-service past the grace period: closed as FAILED (not-found policy close). */
    CLOSED_NOT_FOUND,
    /** The source's recharge differs from ours (account, amount or currency): left PENDING for an operator. */
    MISMATCH,
    /** recharge-service did not answer: left PENDING, asked again later. */
    QUERY_FAILED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
