package io.rechargenotify.recharge.domain;

/** The answer to a submitted recharge: {@code created} is false when an identical earlier request is repeated. */
public record Submission(Recharge recharge, boolean created) {
}
