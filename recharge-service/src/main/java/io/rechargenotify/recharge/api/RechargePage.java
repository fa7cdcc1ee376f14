package io.rechargenotify.recharge.api;

import java.util.List;

/** A page of recharges in completion order; {@code next} is the cursor for the following page, null on the last. */
public record RechargePage(List<RechargeView> items, String next) {
}
