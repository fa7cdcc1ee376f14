package io.rechargenotify.account.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.rechargenotify.account.ledger.LedgerEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One ledger entry: which recharge credited which account how much, and what delivered it. */
public record LedgerEntryView(
        long id,
        UUID txNo,
        String accountNo,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        @Schema(enumeration = { "notification", "retry", "reconciliation", "replay" },
                description = "What delivered the result") String source,
        Instant createdAt) {

    static LedgerEntryView of(LedgerEntry entry) {
        return new LedgerEntryView(entry.id, entry.txNo, entry.accountNo, entry.amount, entry.currency, entry.source,
                entry.createdAt);
    }
}
