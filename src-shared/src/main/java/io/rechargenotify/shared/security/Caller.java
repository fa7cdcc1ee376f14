package io.rechargenotify.shared.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as recorded on an operator's or a money-moving action (replay, reconcile, resend, disable …): the
 * bearer token's subject ({@code sub}), else its name ({@code upn}, {@code preferred_username}), cut to the bounded
 * column it is stored in.
 *
 * <p>A token with {@link Roles#OPS_DELEGATE} (the operators' console's) may name the signed-in operator it acts for
 * in the {@value #OPERATOR_HEADER} header: then {@code <operator> via <subject>} is recorded, e.g.
 * {@code alice via console}. Any other token's header is ignored. A header that a delegating token sends must name
 * the operator in 1 to {@value #MAX_OPERATOR_LENGTH} printable characters, once; otherwise the request is refused
 * (an {@link IllegalArgumentException}: a 400 problem) before anything is done. Header bytes that are UTF-8 are read
 * as UTF-8 (HTTP hands them over as ISO-8859-1 characters).
 */
@ApplicationScoped
public class Caller {

    /** The length of the columns that record who did something ({@code replayed_by}, {@code resent_by} …). */
    public static final int MAX_LENGTH = 200;
    /** The header in which a token with {@link Roles#OPS_DELEGATE} names the operator it acts for. */
    public static final String OPERATOR_HEADER = "RN-Operator";
    /** The most characters (code points) an operator's name in {@link #OPERATOR_HEADER} may have. */
    public static final int MAX_OPERATOR_LENGTH = 100;

    private final JsonWebToken token;
    private final HttpHeaders headers;

    public Caller(JsonWebToken token, HttpHeaders headers) {
        this.token = token;
        this.headers = headers;
    }

    /**
     * Read on the request's own thread (the token and the headers are request scoped), before any work is handed on.
     *
     * @throws IllegalArgumentException a delegating token sent an operator header that names no one properly
     */
    public String name() {
        String subject = token.getSubject() != null && !token.getSubject().isBlank() ? token.getSubject()
                : token.getName();
        if (subject == null || subject.isBlank()) {
            subject = "unknown";
        }
        Set<String> groups = token.getGroups();
        if (groups == null || !groups.contains(Roles.OPS_DELEGATE)) {
            return bounded(subject);
        }
        List<String> operator = headers.getRequestHeader(OPERATOR_HEADER);
        if (operator == null || operator.isEmpty()) {
            return bounded(subject);
        }
        if (operator.size() > 1) {
            throw new IllegalArgumentException(OPERATOR_HEADER + " must be sent once");
        }
        return bounded(checkedOperator(utf8(operator.get(0))) + " via " + subject);
    }

    private static String checkedOperator(String operator) {
        if (operator.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw new IllegalArgumentException(OPERATOR_HEADER + " must name the operator, it is blank");
        }
        if (operator.codePointCount(0, operator.length()) > MAX_OPERATOR_LENGTH) {
            throw new IllegalArgumentException(OPERATOR_HEADER + " must be at most " + MAX_OPERATOR_LENGTH
                    + " characters");
        }
        if (!operator.codePoints().allMatch(Caller::printable)) {
            throw new IllegalArgumentException(OPERATOR_HEADER + " must not contain control, format or other "
                    + "non-printable characters");
        }
        return operator;
    }

    /** Not a control (C0, C1, DEL), format (e.g. U+202E), lone surrogate, private-use, unassigned or line break. */
    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** The header's bytes (one ISO-8859-1 character each) read as UTF-8 if they are UTF-8; else as they are. */
    private static String utf8(String value) {
        if (value.chars().allMatch(c -> c < 0x80) || value.chars().anyMatch(c -> c > 0xFF)) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }

    /** At most {@link #MAX_LENGTH} characters, never ending in half a surrogate pair. */
    private static String bounded(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return name.substring(0, end);
    }
}
