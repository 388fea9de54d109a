package dev.secondbrain.ingest.sources;

import dev.secondbrain.ingest.publish.EventPublisher;
import dev.secondbrain.ingest.sources.SourceProblems.CheckpointTooLarge;
import dev.secondbrain.ingest.sources.SourceProblems.NoCheckpoint;
import dev.secondbrain.ingest.tenants.AuthenticatedTenant;
import tools.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A tenant's sources: the list, pause and resume, and checkpoints. A checkpoint is stored pending, then its marker
 * is published to every partition of the events topic after the events the connector had sent; the worker makes it
 * visible once every partition passed its marker, so {@code GET .../checkpoint} never runs ahead of applied data.
 */
@RestController
class SourcesController {

    record Saved(UUID checkpointId) {
    }

    record Paused(String source, boolean paused) {
    }

    record Applied(JsonNode state, OffsetDateTime appliedAt) {
    }

    record Listed(List<Sources.Source> sources) {
    }

    private final Sources sources;
    private final EventPublisher publisher;
    private final SourceSettings settings;

    SourcesController(Sources sources, EventPublisher publisher, SourceSettings settings) {
        this.sources = sources;
        this.publisher = publisher;
        this.settings = settings;
    }

    @Operation(summary = "The tenant's sources: paused, live documents, last sync, last checkpoint, freshness")
    @GetMapping("/v1/sources")
    Listed list(@Parameter(hidden = true) AuthenticatedTenant tenant) {
        return new Listed(sources.list(tenant.tenantId()));
    }

    @Operation(summary = "Save a connector's state; visible once the events sent before it are applied")
    @PostMapping("/v1/sources/{source}/checkpoints")
    ResponseEntity<Saved> checkpoint(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String source,
                                     HttpServletRequest request) throws IOException {
        InvalidSource.check(source);
        var body = CheckpointBody.read(bounded(request));
        sources.requireActive(tenant.tenantId(), List.of(source));
        int partitions = publisher.partitions();
        var checkpointId = UUID.randomUUID();
        sources.saveCheckpoint(tenant.tenantId(), checkpointId, source, body.stream(), body.state(), partitions);
        publisher.publishMarkers(tenant.tenantId(), checkpointId, partitions);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Saved(checkpointId));
    }

    @Operation(summary = "The newest checkpoint whose events are all applied (404 when none)")
    @GetMapping("/v1/sources/{source}/checkpoint")
    Applied latest(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String source,
                               @RequestParam(required = false) String stream) {
        InvalidSource.check(source);
        var checkpoint = sources.latestCheckpoint(tenant.tenantId(), source, CheckpointBody.stream(stream))
                .orElseThrow(NoCheckpoint::new);
        return new Applied(CheckpointBody.parse(checkpoint.state()), checkpoint.appliedAt());
    }

    @Operation(summary = "Pause a source: the intake refuses its events, syncs and checkpoints with 409")
    @PostMapping("/v1/sources/{source}/pause")
    Paused pause(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String source) {
        sources.pause(tenant.tenantId(), InvalidSource.check(source));
        return new Paused(source, true);
    }

    @Operation(summary = "Resume a paused source")
    @PostMapping("/v1/sources/{source}/resume")
    Paused resume(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String source) {
        sources.resume(tenant.tenantId(), InvalidSource.check(source));
        return new Paused(source, false);
    }

    private byte[] bounded(HttpServletRequest request) throws IOException {
        long max = settings.maxCheckpointSize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw new CheckpointTooLarge(max);
        }
        var body = request.getInputStream().readNBytes((int) max + 1);
        if (body.length > max) {
            throw new CheckpointTooLarge(max);
        }
        return body;
    }
}
