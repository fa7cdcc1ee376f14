package io.rechargenotify.recharge.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of recharges in completion order; {@code next} is the cursor for the following page, null on the last. */
public record RechargePage(List<RechargeView> items,
        @Schema(nullable = true, description = "The after of the next page; null on the last page") String next) {
}
