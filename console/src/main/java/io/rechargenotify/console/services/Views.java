package io.rechargenotify.console.services;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the console reads from the three APIs: their response bodies as the OpenAPI documents in docs/openapi describe
 * them, only the fields a page shows (unknown fields are ignored, so a service may add fields without breaking it).
 * Times and amounts stay the services' own text: the console shows them, it never computes with them.
 */
public final class Views {

    private Views() {
    }

    // recharge-service

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Recharge(String txNo, String accountNo, String amount, String currency, String status,
            String failureReason, String createdAt, String completedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RechargePage(List<Recharge> items, String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OutboxRow(long id, String txNo, String topic, String key, String payload, int payloadBytes,
            String createdAt, String publishedAt, String parkedAt, int attempts, String lastError, String unparkedAt,
            String unparkedBy) {

        public String state() {
            if (publishedAt != null) {
                return "PUBLISHED";
            }
            return parkedAt != null ? "PARKED" : "WAITING";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OutboxRowPage(List<OutboxRow> items, Long next) {
    }

    // account-service

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetter(long id, String txNo, String accountNo, String payload, boolean signatureValid,
            Integer attempt, String originalTopic, Integer originalPartition, Long originalOffset,
            String firstFailureAt, String errorClass, String lastError, String deadAt, String replayedAt,
            String replayResult, String replayedBy) {

        public boolean open() {
            return replayedAt == null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetterPage(List<DeadLetter> items, Long next) {
    }

    public record BulkReplay(String accountNo, int limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplayOutcome(long id, String result, String error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplaySummary(int replayed, int credited, int duplicates, List<ReplayOutcome> failed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReconciliationSummary(long id, String trigger, String startedBy, String status, String windowFrom,
            String windowTo, String runner, String startedAt, String finishedAt, String error, Integer repairedCount,
            Integer discrepancyCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReconciliationPage(List<ReconciliationSummary> items, Long next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Finding(String kind, String txNo, String accountNo, String detail) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WindowReport(int sourceRecharges, int sourceSucceeded, int sourceFailed, int unknownAccounts,
            int ledgerEntries, int matched, int repairedCount, int discrepancyCount, List<Finding> repaired,
            List<Finding> discrepancies) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReconciliationReport(Map<String, Integer> pendingChecks, WindowReport window) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reconciliation(long id, String trigger, String startedBy, String status, String windowFrom,
            String windowTo, String runner, String startedAt, String finishedAt, String error,
            ReconciliationReport report) {
    }

    public record ReconciliationRequest(String from, String to) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountRecharge(String txNo, String accountNo, String amount, String currency, String status,
            String failureReason, String createdAt, String resolvedAt, int submissions, int checks,
            String lastCheckedAt, String lastCheck, String lastCheckedBy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccountRechargePage(List<AccountRecharge> items, String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LedgerEntry(long id, String txNo, String accountNo, String amount, String currency, String source,
            String createdAt) {
    }

    // callback-service

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(String id, String url, List<String> accountNos, List<String> eventTypes,
            String description, boolean enabled, String disabledReason, String disabledAt, String disabledBy,
            String failingSince, int consecutiveFailures, String pausedUntil, String createdAt, String updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EndpointPage(List<Endpoint> items, String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delivery(String id, String endpointId, String eventId, String txNo, String eventType,
            String accountNo, String status, int attemptCount, String nextAttemptAt, String lastError,
            String createdAt, String deliveredAt, String lastResentAt, String lastResentBy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryPage(List<Delivery> items, String next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attempt(int attempt, String attemptedAt, Integer httpStatus, String errorKind, int latencyMs,
            String responseExcerpt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resend(String resentAt, String resentBy, String via, String previousStatus) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryDetail(String id, String endpointId, String eventId, String txNo, String eventType,
            String accountNo, String status, int attemptCount, String nextAttemptAt, String lastError,
            String createdAt, String deliveredAt, String lastResentAt, String lastResentBy, JsonNode payload,
            List<Attempt> attempts, List<Resend> resends) {

        /** The event as sent, indented for reading. */
        public String payloadText() {
            return payload == null || payload.isNull() ? null : payload.toPrettyString();
        }
    }
}
