package io.rechargenotify.account.api;

import io.rechargenotify.shared.value.AccountNumbers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which open dead letters to replay: one account's or all, at most {@code limit} (default 100). */
public record BulkReplayRequest(
        @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
        @Schema(description = "This account's only; all accounts' without it") String accountNo,
        @Min(1) @Max(1000) @Schema(defaultValue = "100") Integer limit) {

    int limitOrDefault() {
        return limit == null ? 100 : limit;
    }
}
