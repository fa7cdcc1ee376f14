package io.rechargenotify.recharge.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset position in a listing's order, opaque to clients: (completedAt, txNo) for completed recharges, (createdAt,
 * txNo) for PENDING ones. Keyset rather than offset: a page costs the same at row 10 and row 10 million, and rows
 * inserted meanwhile never shift or repeat what follows.
 */
public record RechargeCursor(Instant at, UUID txNo) {

    /** After this recharge in its listing: by completion if it is completed, else by creation. */
    public static RechargeCursor after(Recharge recharge) {
        return new RechargeCursor(recharge.completedAt != null ? recharge.completedAt : recharge.createdAt,
                recharge.txNo);
    }

    public String encode() {
        String plain = at + "|" + txNo;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor this service issued; anything else is an {@link IllegalArgumentException} (a 400). */
    public static RechargeCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            return new RechargeCursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("after is not a cursor returned by this API", e);
        }
    }
}
