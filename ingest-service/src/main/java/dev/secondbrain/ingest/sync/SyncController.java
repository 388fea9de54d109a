package dev.secondbrain.ingest.sync;

import dev.secondbrain.access.Audit;
import dev.secondbrain.ingest.tenants.AuthenticatedTenant;
import dev.secondbrain.schemas.SyncState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import dev.secondbrain.ingest.sources.InvalidSource;
import dev.secondbrain.ingest.sources.Sources;
import org.springframework.web.bind.annotation.RequestParam;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;
import java.util.UUID;

/**
 * Syncs (full or incremental): a connector opens one for a source, sends every document it has with the sync's id, and
 * completes it; the worker then tombstones the source's documents the sync did not see (see the worker's
 * SyncSweeper), or holds the sync for confirmation when that would delete too much.
 */
@RestController
class SyncController {

    /** {@code mode}: full (default; the sweep deletes what the sync did not see) or incremental (never deletes). */
    record OpenSync(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,63}") String source,
                    @Pattern(regexp = "full|incremental") String mode,
                    @PositiveOrZero Long expected) {
    }

    record Opened(UUID syncId) {
    }

    private static final int MAX_PAGE = 200;

    private final SyncRuns syncs;
    private final EndOffsets endOffsets;
    private final Sources sources;

    SyncController(SyncRuns syncs, EndOffsets endOffsets, Sources sources) {
        this.syncs = syncs;
        this.endOffsets = endOffsets;
        this.sources = sources;
    }

    @Operation(summary = "Open a full or incremental sync of one source; events of the sync carry its syncId")
    @PostMapping("/v1/syncs")
    ResponseEntity<Opened> open(@Parameter(hidden = true) AuthenticatedTenant tenant, @Valid @RequestBody OpenSync body) {
        sources.requireActive(tenant.tenantId(), List.of(body.source()));
        var mode = body.mode() == null ? "full" : body.mode();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Opened(syncs.open(tenant.tenantId(), body.source(), mode, body.expected())));
    }

    @Operation(summary = "The syncs of a source, newest first, a page at a time (cursor from the previous page)")
    @GetMapping("/v1/sources/{source}/syncs")
    SyncRuns.Page ofSource(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String source,
                           @RequestParam(required = false) String cursor,
                           @RequestParam(defaultValue = "50") int limit) {
        InvalidSource.check(source);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadLimit();
        }
        return syncs.ofSource(tenant.tenantId(), source, cursor == null ? null : SyncCursor.parse(cursor), limit);
    }

    @Operation(summary = "A sign of life of a sync that sends nothing for a while: it does not become stalled")
    @PostMapping("/v1/syncs/{syncId}/heartbeat")
    SyncRuns.Progress heartbeat(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable UUID syncId) {
        var current = syncs.find(tenant.tenantId(), syncId).orElseThrow(UnknownSync::new);
        if (!syncs.heartbeat(tenant.tenantId(), syncId)) {
            throw new WrongState(current.state(), SyncState.OPEN);
        }
        return syncs.find(tenant.tenantId(), syncId).orElseThrow(UnknownSync::new);
    }

    @Operation(summary = "State and progress of a sync")
    @GetMapping("/v1/syncs/{syncId}")
    SyncRuns.Progress progress(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable UUID syncId) {
        return syncs.find(tenant.tenantId(), syncId).orElseThrow(UnknownSync::new);
    }

    @Operation(summary = "Every document was sent: delete the source's documents the sync did not see")
    @PostMapping("/v1/syncs/{syncId}/complete")
    SyncRuns.Progress complete(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable UUID syncId) {
        var current = syncs.find(tenant.tenantId(), syncId).orElseThrow(UnknownSync::new);
        sources.requireActive(tenant.tenantId(), List.of(current.source()));
        var offsets = SyncRuns.json(endOffsets.now());
        return move(tenant, syncId, Set.of(SyncState.OPEN, SyncState.STALLED), SyncState.COMPLETING, offsets, null);
    }

    @Operation(summary = "Confirm the deletions of a sync held by the mass-deletion guard")
    @PostMapping("/v1/syncs/{syncId}/confirm-deletions")
    SyncRuns.Progress confirm(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable UUID syncId) {
        return move(tenant, syncId, Set.of(SyncState.NEEDS_CONFIRMATION), SyncState.SWEEPING, null,
                Audit.Action.SYNC_CONFIRM_DELETIONS);
    }

    @Operation(summary = "Abort a sync: it deletes nothing")
    @PostMapping("/v1/syncs/{syncId}/abort")
    SyncRuns.Progress abort(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable UUID syncId) {
        return move(tenant, syncId, Set.of(SyncState.OPEN, SyncState.STALLED, SyncState.COMPLETING,
                        SyncState.NEEDS_CONFIRMATION),
                SyncState.ABORTED, null, Audit.Action.SYNC_ABORT);
    }

    /** Moves the sync; a control action ({@code audited}, else null) is recorded in the audit log with it. */
    private SyncRuns.Progress move(AuthenticatedTenant tenant, UUID syncId, Set<SyncState> from, SyncState to,
                                   String offsets, Audit.Action audited) {
        var current = syncs.find(tenant.tenantId(), syncId).orElseThrow(UnknownSync::new);
        if (!syncs.transition(tenant.tenantId(), syncId, from, to, offsets, audited, tenant.keyId())) {
            throw new WrongState(current.state(), to);
        }
        return syncs.find(tenant.tenantId(), syncId).orElseThrow(UnknownSync::new);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknown(UnknownSync e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such sync for this tenant."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> wrongState(WrongState e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badCursor(SyncCursor.BadCursor e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "cursor is not one this service gave out."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badLimit(BadLimit e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "limit must be 1.." + MAX_PAGE + "."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> kafkaUnavailable(EndOffsets.KafkaUnavailable e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "Kafka did not answer in time; complete the sync again."));
    }

    static final class UnknownSync extends RuntimeException {

        UnknownSync() {
            super(null, null, false, false);
        }
    }

    static final class BadLimit extends RuntimeException {

        BadLimit() {
            super(null, null, false, false);
        }
    }

    static final class WrongState extends RuntimeException {

        WrongState(String state, SyncState wanted) {
            super("The sync is " + state + "; it cannot become " + wanted.value() + ".", null, false, false);
        }
    }
}
