package io.rechargenotify.callback.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /endpoints/{id}/disable}: why, shown as the endpoint's {@code disabledReason}. */
public record DisableRequest(@NotBlank(message = "reason is required") @Size(max = 300) String reason) {
}
