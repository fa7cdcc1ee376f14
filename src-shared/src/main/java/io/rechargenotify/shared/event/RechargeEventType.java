package io.rechargenotify.shared.event;

/** What happened to a recharge. Both outcomes are notified. */
public enum RechargeEventType {
    RechargeSucceeded,
    RechargeFailed
}
