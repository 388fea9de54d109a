package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.faults.Oracle.Sent;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connector as the oracle sees it: posts events to the intake and records the answer of every attempt.
 * A 503, a timeout or a broken connection leaves the events indeterminate (Kafka may have them) and the
 * request is sent again, as the intake asks, until it is acknowledged, refused, or the client gives up.
 */
final class Connector {

    record Tenant(UUID id, String key) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final Oracle oracle;
    /** Requests the intake answered with 503 (Kafka or PostgreSQL away). */
    final AtomicLong unavailable = new AtomicLong();

    Connector(String baseUrl, Oracle oracle) {
        this.baseUrl = baseUrl;
        this.oracle = oracle;
    }

    Tenant createTenant(String adminToken, String name) {
        var tenant = UUID.fromString(post("/v1/admin/tenants", adminToken, Map.of("name", name)).get("tenantId"));
        var key = post("/v1/admin/tenants/" + tenant + "/keys", adminToken, Map.of("scopes", java.util.List.of(
                "events:write", "documents:read", "documents:write"))).get("key");
        return new Tenant(tenant, key);
    }

    private Map<String, String> post(String path, String token, Object body) {
        try {
            var response = http.send(request(path, token, JSON.writeValueAsBytes(body)),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            var fields = new LinkedHashMap<String, String>();
            JSON.readTree(response.body()).properties().stream().filter(e -> e.getValue().isValueNode())
                    .forEach(e -> fields.put(e.getKey(), e.getValue().asString()));
            return fields;
        } catch (IOException e) {
            throw new IllegalStateException(path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the events of one tenant in one request, retrying for up to {@code patience}; returns the outcome. */
    Outcome send(Tenant tenant, List<Sent> events, Duration patience) {
        return send(tenant.key(), JSON.writeValueAsBytes(Map.of("events", body(events))), events, patience);
    }

    /** The JSON of the events as a connector sends them (no tenant: the key decides). */
    static List<Map<String, Object>> body(List<Sent> events) {
        var body = new ArrayList<Map<String, Object>>(events.size());
        for (var event : events) {
            var json = new LinkedHashMap<String, Object>();
            json.put("type", event.delete() ? "DocumentDeleted" : "DocumentUpserted");
            json.put("externalId", event.externalId());
            json.put("source", "faults");
            json.put("version", event.version());
            if (!event.delete()) {
                json.put("title", event.externalId());
                json.put("content", event.content());
            }
            body.add(json);
        }
        return body;
    }

    /**
     * Posts {@code body} with {@code key} and records the answer for {@code events}, the events the body
     * claims to carry (hostile bodies are built by hand).
     */
    Outcome send(String key, byte[] body, List<Sent> events, Duration patience) {
        var request = request("/v1/events", key, body);
        long giveUp = System.nanoTime() + patience.toNanos();
        while (true) {
            Outcome outcome;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                outcome = status == 202 ? Outcome.ACKNOWLEDGED
                        : status == 503 ? Outcome.INDETERMINATE
                        : status == 429 ? null // nothing was published: just wait and send again
                        : Outcome.REJECTED; // 4xx; a 500 too, strictly: if its events show up, the oracle says so
                if (status == 503) {
                    unavailable.incrementAndGet();
                }
            } catch (IOException e) {
                outcome = Outcome.INDETERMINATE; // timeout or connection lost
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                oracle.record(events, Outcome.INDETERMINATE);
                return Outcome.INDETERMINATE;
            }
            if (outcome != null) {
                oracle.record(events, outcome);
                if (outcome != Outcome.INDETERMINATE) {
                    return outcome;
                }
            }
            if (System.nanoTime() > giveUp) {
                return Outcome.INDETERMINATE;
            }
            try {
                Thread.sleep(200); // a connector's pause before it sends the request again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.INDETERMINATE;
            }
        }
    }

    private HttpRequest request(String path, String token, byte[] body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }
}
