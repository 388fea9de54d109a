package dev.secondbrain.ingest.intake;

import dev.secondbrain.access.TenantRates;
import dev.secondbrain.ingest.sources.Sources;
import dev.secondbrain.ingest.sync.SyncRuns;
import dev.secondbrain.schemas.DocumentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.secondbrain.ingest.publish.EventPublisher;
import dev.secondbrain.ingest.tenants.AuthenticatedTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * {@code POST /v1/events}: validate everything, then publish everything, then answer 202. The order of the
 * checks is the order of their cost: a tenant already over its rate (before a byte of the body is read), size,
 * bytes, JSON, rules, the rate for this many events, Kafka.
 */
@RestController
class EventsController {

    record Accepted(int accepted) {
    }

    private static final String EXAMPLE = """
            {"events":[{"type":"DocumentUpserted","externalId":"notes/plan.md","source":"notes","version":1719907200123,
              "title":"Plan","content":"# Plan","mimeType":"text/markdown"},
             {"type":"DocumentDeleted","externalId":"notes/old.md","source":"notes","version":1719907200456}]}""";

    private final EventPublisher publisher;
    private final IntakeSettings settings;
    private final TenantRates rates;
    private final IntakeMetrics metrics;
    private final SyncRuns syncs;
    private final Sources sources;

    EventsController(EventPublisher publisher, IntakeSettings settings, IntakeMetrics metrics, SyncRuns syncs,
                     Sources sources) {
        this.sources = sources;
        this.publisher = publisher;
        this.settings = settings;
        this.rates = new TenantRates(settings.burst(), System::nanoTime);
        this.metrics = metrics;
        this.syncs = syncs;
    }

    @Operation(summary = "Publish 1..1000 document events of the key's tenant, all or nothing",
            description = "Body {\"events\":[...]} of DocumentUpserted / DocumentDeleted events as in the JSON Schema "
                    + "files of schemas/, without tenantId. 202 only after Kafka acknowledged every event.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = EXAMPLE))))
    @ApiResponse(responseCode = "202", description = "every event acknowledged by Kafka")
    @ApiResponse(responseCode = "400", description = "invalid: errors [{index, field, message}], nothing published")
    @ApiResponse(responseCode = "401", description = "missing, malformed, unknown or revoked API key")
    @ApiResponse(responseCode = "409", description = "a source of the events is paused (problem type source-paused)")
    @ApiResponse(responseCode = "413", description = "body over the limit (10 MiB)")
    @ApiResponse(responseCode = "429", description = "over the tenant's events per second; see Retry-After")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time; see Retry-After, resend all")
    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> post(@Parameter(hidden = true) AuthenticatedTenant tenant, HttpServletRequest request)
            throws IOException {
        int rate = tenant.eventsPerSecond() != null ? tenant.eventsPerSecond() : settings.defaultEventsPerSecond();
        var already = rates.waitBefore(tenant.tenantId(), rate);
        if (already.isPresent()) {
            throw new RateLimited(already.get());
        }
        var body = BoundedBody.read(request, settings.maxBodySize().toBytes());
        var events = EventBatchReader.read(body);
        sources.requireActive(tenant.tenantId(), events.stream().map(DocumentEvent::source).distinct().toList());
        var wait = rates.take(tenant.tenantId(), rate, events.size());
        if (wait.isPresent()) {
            throw new RateLimited(wait.get());
        }
        var perSync = eventsPerSync(tenant, events);
        publisher.publish(tenant.tenantId(), events);
        syncs.received(tenant.tenantId(), perSync);
        metrics.accepted(events.size());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(events.size()));
    }

    /** How many events each sync got; an event naming a sync that is not open for this tenant is refused. */
    private Map<UUID, Long> eventsPerSync(AuthenticatedTenant tenant, List<DocumentEvent> events) {
        var perSync = events.stream().filter(e -> e.syncId() != null)
                .collect(Collectors.groupingBy(DocumentEvent::syncId, Collectors.counting()));
        if (perSync.isEmpty()) {
            return perSync;
        }
        var open = syncs.openAmong(tenant.tenantId(), perSync.keySet());
        var errors = new ArrayList<EventError>();
        for (int i = 0; i < events.size(); i++) {
            var syncId = events.get(i).syncId();
            if (syncId != null && !open.contains(syncId)) {
                errors.add(new EventError(i, "syncId", "is not an open sync of this tenant"));
            }
        }
        if (!errors.isEmpty()) {
            throw new RejectedEvents(errors);
        }
        return perSync;
    }
}
