package io.rechargenotify.account.reconcile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One reconciliation run and, once it ended, its report (JSON of {@link ReconciliationReport}). */
@Entity
@Table(name = "reconciliation_run")
public class ReconciliationRun {

    @Schema(name = "ReconciliationStatus")
    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** schedule, api or one-shot. */
    @Column(nullable = false)
    public String trigger;

    /** Who started it: the operator's token subject for an API run, else the trigger. */
    @Column(name = "started_by", nullable = false)
    public String startedBy;

    @Column(name = "window_from", nullable = false)
    public Instant windowFrom;

    @Column(name = "window_to", nullable = false)
    public Instant windowTo;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    @Column(nullable = false)
    public String runner;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column
    public String report;

    @Column
    public String error;
}
