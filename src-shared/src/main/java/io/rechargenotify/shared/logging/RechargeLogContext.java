package io.rechargenotify.shared.logging;

import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * The recharge a log line is about, in the MDC: every line of the delivery path carries {@code txNo},
 * {@code accountNo} and {@code eventId} (with {@code traceId}/{@code spanId}, which the OpenTelemetry extension adds),
 * so one recharge can be followed through the JSON logs of every service. On a Vert.x duplicated context the MDC
 * belongs to that context (Quarkus's Vert.x MDC), so work for one record never labels another's lines; code on a
 * plain thread clears it when done.
 */
public final class RechargeLogContext {

    public static final String TX_NO = "txNo";
    public static final String ACCOUNT_NO = "accountNo";
    public static final String EVENT_ID = "eventId";

    private RechargeLogContext() {
    }

    /** Labels the lines that follow; a null value leaves its key out. */
    public static void put(UUID txNo, String accountNo, UUID eventId) {
        putOrRemove(TX_NO, txNo == null ? null : txNo.toString());
        putOrRemove(ACCOUNT_NO, accountNo);
        putOrRemove(EVENT_ID, eventId == null ? null : eventId.toString());
    }

    public static void clear() {
        MDC.remove(TX_NO);
        MDC.remove(ACCOUNT_NO);
        MDC.remove(EVENT_ID);
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
