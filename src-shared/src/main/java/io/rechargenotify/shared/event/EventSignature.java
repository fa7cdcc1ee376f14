package io.rechargenotify.shared.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature recharge-service puts on every event it publishes ({@link EventHeaders#SIGNATURE}):
 * {@code v1,<key id>,<base64 HMAC-SHA256 of the exact payload bytes>}. Only a holder of the key can make one, so
 * a record on a topic proves nothing about money unless its signature checks: anyone able to write to the topic could
 * otherwise credit any account. One key signs; several verify (by key id), so a key can be rotated without
 * refusing what is still in the topics.
 *
 * <p>Hand-written on purpose: it is a few lines over the JDK's {@link Mac}; the Standard Webhooks libraries sign
 * HTTP requests ({@code id.timestamp.body}), not Kafka records, and no outbox or messaging library signs events.
 */
public final class EventSignature {

    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Shorter secrets are refused: HMAC-SHA256 wants a key as long as its output. */
    public static final int MIN_KEY_BYTES = 32;
    /** Longer header values are refused unread: a genuine one is about 60 characters. */
    private static final int MAX_HEADER_LENGTH = 200;

    private EventSignature() {
    }

    /**
     * A signing or verification key. Its errors never repeat what was given: an id and a secret swapped by mistake
     * would otherwise put the secret in the log.
     */
    public record Key(String id, byte[] secret) {

        public Key {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("an event key id is 1-64 of A-Z a-z 0-9 . _ - (this one has "
                        + (id == null ? 0 : id.length()) + " characters; are the id and the secret swapped?)");
            }
            if (secret == null || secret.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("an event key is shorter than " + MIN_KEY_BYTES + " bytes");
            }
            secret = secret.clone();
        }

        /** A key given as base64 text (as environment variables and Kubernetes Secrets carry it). */
        public static Key of(String id, String base64Secret) {
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(base64Secret.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("an event key is not base64");
            }
            return new Key(id, secret);
        }

        @Override
        public String toString() {
            return "Key[" + id + "]"; // never the secret
        }
    }

    /**
     * Reads verification keys written as {@code id:base64,id:base64} – the form of one environment variable.
     *
     * @throws IllegalArgumentException for a malformed list, a bad key or a key id given twice
     */
    public static Map<String, Key> keys(String list) {
        Map<String, Key> keys = new LinkedHashMap<>();
        String[] entries = list.split(",");
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isBlank()) {
                continue;
            }
            String where = "event key " + (i + 1) + " of the list: ";
            int colon = entries[i].indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + "an event key is written <key id>:<base64 secret>");
            }
            Key key;
            try {
                key = Key.of(entries[i].substring(0, colon).strip(), entries[i].substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
            if (keys.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException(where + "its key id is given twice");
            }
        }
        return Map.copyOf(keys);
    }

    /** The header value for a payload. */
    public static String sign(Key key, String payload) {
        return VERSION + "," + key.id() + "," + Base64.getEncoder().encodeToString(mac(key, payload));
    }

    /**
     * Checks a record's signature header against its payload.
     *
     * @param header the header value, null when the record has none
     * @throws EventSignatureException when it is missing, malformed, made with an unknown key or does not match
     */
    public static void verify(String header, String payload, Map<String, Key> keys) {
        if (header == null) {
            throw new EventSignatureException("no " + EventHeaders.SIGNATURE + " header");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new EventSignatureException("malformed " + EventHeaders.SIGNATURE + " header (too long)");
        }
        String[] parts = header.split(",", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new EventSignatureException("malformed " + EventHeaders.SIGNATURE + " header (not v1,<key id>,"
                    + "<base64>)");
        }
        Key key = keys.get(parts[1]);
        if (key == null) {
            throw new EventSignatureException("unknown signing key id '" + (KEY_ID.matcher(parts[1]).matches()
                    ? parts[1] : "?") + "'");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new EventSignatureException("malformed " + EventHeaders.SIGNATURE + " header (not base64)");
        }
        // Constant time: how much of a guess matched must not show in the time taken.
        if (payload == null || !MessageDigest.isEqual(claimed, mac(key, payload))) {
            throw new EventSignatureException("signature does not match the payload (key id '" + key.id() + "')");
        }
    }

    private static byte[] mac(Key key, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }
}
