package io.rechargenotify.account.api;

import io.rechargenotify.account.deadletter.DeadLetter;
import io.rechargenotify.account.ledger.Applied;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A dead letter as the API shows it: the record, where it came from, why it died, whether it was replayed. */
public record DeadLetterView(
        long id,
        @Schema(nullable = true, description = "Null when the payload is unreadable") UUID txNo,
        @Schema(nullable = true, description = "From the payload, else the record key") String accountNo,
        String payload,
        boolean signatureValid,
        @Schema(nullable = true) Integer attempt,
        @Schema(nullable = true) String originalTopic,
        @Schema(nullable = true) Integer originalPartition,
        @Schema(nullable = true) Long originalOffset,
        @Schema(nullable = true) Instant firstFailureAt,
        @Schema(nullable = true, description = "transient, permanent, signature, unknown or unstorable")
        String errorClass,
        @Schema(nullable = true) String lastError,
        Instant deadAt,
        @Schema(nullable = true, description = "Null while open") Instant replayedAt,
        @Schema(nullable = true) Applied replayResult,
        @Schema(nullable = true) String replayedBy) {

    static DeadLetterView of(DeadLetter letter) {
        return new DeadLetterView(letter.id, letter.txNo, letter.accountNo, letter.payload, letter.signatureValid,
                letter.attempt,
                letter.originalTopic, letter.originalPartition, letter.originalOffset, letter.firstFailureAt,
                letter.errorClass, letter.lastError, letter.deadAt, letter.replayedAt,
                letter.replayResult == null ? null : Applied.valueOf(letter.replayResult),
                letter.replayedBy);
    }
}
