package io.rechargenotify.shared.value;

import java.util.Objects;
import java.util.UUID;

/** The transaction number of one recharge: a UUID, the deduplication key on every side. */
public record TxNo(UUID value) {

    public TxNo {
        Objects.requireNonNull(value, "txNo");
    }

    public static TxNo generate() {
        return new TxNo(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form only, so "1-1-1-1-1" (which {@link UUID#fromString} accepts) is refused. */
    public static TxNo parse(String text) {
        if (text == null || text.length() != 36) {
            throw new IllegalArgumentException("txNo must be a UUID, e.g. 3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30");
        }
        try {
            return new TxNo(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("txNo must be a UUID, e.g. 3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30", e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
