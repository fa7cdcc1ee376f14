package io.rechargenotify.account.api;

import io.rechargenotify.account.deadletter.DeadLetter;
import java.time.Instant;
import java.util.UUID;

/** A dead letter as the API shows it: the record, where it came from, why it died, whether it was replayed. */
public record DeadLetterView(
        long id,
        UUID txNo,
        String accountNo,
        String payload,
        boolean signatureValid,
        Integer attempt,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        Instant firstFailureAt,
        String errorClass,
        String lastError,
        Instant deadAt,
        Instant replayedAt,
        String replayResult,
        String replayedBy) {

    static DeadLetterView of(DeadLetter letter) {
        return new DeadLetterView(letter.id, letter.txNo, letter.accountNo, letter.payload, letter.signatureValid,
                letter.attempt,
                letter.originalTopic, letter.originalPartition, letter.originalOffset, letter.firstFailureAt,
                letter.errorClass, letter.lastError, letter.deadAt, letter.replayedAt, letter.replayResult,
                letter.replayedBy);
    }
}
