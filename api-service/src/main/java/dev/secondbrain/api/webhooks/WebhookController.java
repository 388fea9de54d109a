package dev.secondbrain.api.webhooks;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant's webhook endpoints ({@code tenant:admin}): register, list, delete, rotate, the delivery log. */
@RestController
class WebhookController {

    private final Endpoints endpoints;
    private final Destinations destinations;

    WebhookController(Endpoints endpoints, Destinations destinations) {
        this.endpoints = endpoints;
        this.destinations = destinations;
    }

    @Operation(summary = "Register an endpoint; the answer carries its signing secret, shown this once")
    @PostMapping("/v1/webhooks")
    ResponseEntity<Webhook> register(Tenant tenant, @Valid @RequestBody NewWebhook body) {
        var url = destinations.parse(body.url());
        destinations.check(url);
        var webhook = endpoints.register(tenant, url.toString(), body.events());
        return ResponseEntity.created(URI.create("/v1/webhooks/" + webhook.id())).body(webhook);
    }

    @Operation(summary = "The tenant's endpoints (never their secrets)")
    @GetMapping("/v1/webhooks")
    Map<String, List<Webhook>> list(Tenant tenant) {
        return Map.of("items", endpoints.list(tenant));
    }

    @Operation(summary = "Delete an endpoint and its delivery log; nothing more is sent to it")
    @DeleteMapping("/v1/webhooks/{webhookId}")
    ResponseEntity<Void> delete(Tenant tenant, @PathVariable UUID webhookId) {
        endpoints.delete(tenant, webhookId);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "A new signing secret (shown this once); the previous one also signs for the grace period")
    @PostMapping("/v1/webhooks/{webhookId}/rotate-secret")
    Webhook rotate(Tenant tenant, @PathVariable UUID webhookId) {
        return endpoints.rotate(tenant, webhookId);
    }

    @Operation(summary = "The endpoint's deliveries with their last attempt, newest first, a keyset page at a time")
    @GetMapping("/v1/webhooks/{webhookId}/deliveries")
    DeliveryPage deliveries(Tenant tenant, @PathVariable UUID webhookId,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                            @RequestParam(required = false) @Size(max = 8192) String cursor) {
        return endpoints.deliveries(tenant, webhookId, limit, cursor);
    }

    @Operation(summary = "Every attempt of a delivery (the last 100), newest first")
    @GetMapping("/v1/webhooks/{webhookId}/deliveries/{deliveryId}/attempts")
    Map<String, List<Attempt>> attempts(Tenant tenant, @PathVariable UUID webhookId, @PathVariable long deliveryId) {
        return Map.of("items", endpoints.attempts(tenant, webhookId, deliveryId));
    }

    @Operation(summary = "Send a delivery again (same event id), next in the endpoint's order")
    @PostMapping("/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")
    ResponseEntity<Delivery> redeliver(Tenant tenant, @PathVariable UUID webhookId, @PathVariable long deliveryId) {
        return ResponseEntity.accepted().body(endpoints.redeliver(tenant, webhookId, deliveryId));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(Destinations.RefusedDestination e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "url", "message", e.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }
}
