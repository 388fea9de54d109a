package dev.secondbrain.bench;

import dev.secondbrain.local.LocalPipeline;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency on the whole local pipeline: from the intake's 202 for an event to the moment its
 * document is committed and readable by the API (polled in the store every 2 ms), at a fixed offered rate.
 */
final class EndToEnd {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EVENTS_PER_REQUEST = 10;

    private EndToEnd() {
    }

    /** Latencies in ms of every event sent at {@code eventsPerSecond} for {@code seconds}. */
    static double[] latencies(LocalPipeline pipeline, double eventsPerSecond, int seconds) throws Exception {
        var http = HttpClient.newHttpClient();
        var created = tenant(http, pipeline, "bench-e2e");
        var tenant = created.tenantId();
        var key = created.key();
        var accepted = new ConcurrentHashMap<String, Long>();
        var latencies = new ArrayList<Double>();
        var poller = Thread.ofPlatform().start(() -> poll(pipeline, UUID.fromString(tenant), accepted, latencies));
        long interval = (long) (EVENTS_PER_REQUEST / eventsPerSecond * 1e9);
        long next = System.nanoTime();
        int requests = (int) (eventsPerSecond * seconds / EVENTS_PER_REQUEST);
        for (int r = 0; r < requests; r++) {
            LockSupport.parkNanos(next - System.nanoTime()); // hold the offered rate
            next += interval;
            var events = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                events.add(Map.of("type", "DocumentUpserted", "externalId", "e2e-" + r + "-" + i, "source", "bench",
                        "version", 1, "title", "e2e", "content", "end to end latency probe " + r + " " + i));
            }
            post(http, pipeline.ingestUrl() + "/v1/events", key, Map.of("events", events));
            long at = System.nanoTime();
            events.forEach(e -> accepted.put((String) e.get("externalId"), at));
        }
        poller.join(60_000);
        poller.interrupt();
        return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }

    record Tenant(String tenantId, String key) {
    }

    /** A new tenant with no practical rate limit, and a key of it that may write events and read. */
    static Tenant tenant(HttpClient http, LocalPipeline pipeline, String name) throws Exception {
        var tenant = post(http, pipeline.ingestUrl() + "/v1/admin/tenants", pipeline.adminToken(),
                Map.of("name", name, "eventsPerSecond", 1_000_000)).get("tenantId").asString();
        var key = post(http, pipeline.ingestUrl() + "/v1/admin/tenants/" + tenant + "/keys", pipeline.adminToken(),
                Map.of("scopes", java.util.List.of("events:write", "documents:read"))).get("key").asString();
        return new Tenant(tenant, key);
    }

    private static void poll(LocalPipeline pipeline, UUID tenant, Map<String, Long> accepted, List<Double> latencies) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(pipeline.jdbcUrl());
        dataSource.setUser("postgres");
        var jdbc = JdbcClient.create(dataSource);
        long idleSince = System.nanoTime();
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() - idleSince < 10_000_000_000L) {
            var pending = accepted.keySet().toArray(String[]::new);
            if (pending.length > 0) {
                var visible = jdbc.sql("select external_id from documents where tenant_id = ? and external_id = any(?)")
                        .params(tenant, pending).query(String.class).list();
                long now = System.nanoTime();
                for (var id : visible) {
                    latencies.add((now - accepted.remove(id)) / 1e6);
                }
                if (!visible.isEmpty()) {
                    idleSince = now;
                }
            }
            LockSupport.parkNanos(2_000_000L); // poll every 2 ms
        }
    }

    private static tools.jackson.databind.JsonNode post(HttpClient http, String url, String token, Object body)
            throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
