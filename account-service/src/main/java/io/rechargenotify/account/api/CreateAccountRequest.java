package io.rechargenotify.account.api;

import io.rechargenotify.shared.value.AccountNumbers;
import io.rechargenotify.shared.value.IsoCurrency;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /accounts}; without an account number the service generates one. */
public record CreateAccountRequest(
        @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
        @Schema(example = "ACC-10001", description = "Generated when absent") String accountNo,
        @NotBlank @Size(max = 200)
        @Pattern(regexp = "[^<>\\p{Cntrl}]*", message = "must not contain control characters, < or >")
        // The document's pattern in ECMA 262 syntax (JSON Schema's): \p{Cntrl} is Java's [\x00-\x1F\x7F].
        @Schema(example = "Li Lei", pattern = "^[^<>\\x00-\\x1F\\x7F]*$") String owner,
        @NotNull @IsoCurrency @Schema(example = "CNY") String currency) {
}
