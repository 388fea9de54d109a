package dev.secondbrain.bench;

import dev.secondbrain.local.LocalPipeline;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One tenant of the local pipeline as the quality bench uses it: through the intake and the API as a person's tools
 * would, and read in the store (as the superuser) only to score what is stored.
 */
final class QualityTenant {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_EVENTS = 200;
    private static final int MAX_BYTES = 6 * 1024 * 1024;
    private static final Duration WAIT = Duration.ofMinutes(20);

    record Ingested(int accepted, int stored, List<String> rejected, List<String> missing) {
    }

    record Stored(String category, String status, double confidence) {
    }

    record Job(String state, long done, long changed) {
    }

    private final LocalPipeline pipeline;
    private final HttpClient http = HttpClient.newHttpClient();
    private final UUID tenant;
    private final String key;
    private final JdbcClient store;

    private QualityTenant(LocalPipeline pipeline, UUID tenant, String key) {
        this.pipeline = pipeline;
        this.tenant = tenant;
        this.key = key;
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(pipeline.jdbcUrl());
        dataSource.setUser("postgres");
        this.store = JdbcClient.create(dataSource);
    }

    static QualityTenant create(LocalPipeline pipeline) throws Exception {
        var probe = new QualityTenant(pipeline, null, pipeline.adminToken());
        var tenant = probe.send("POST", pipeline.ingestUrl() + "/v1/admin/tenants",
                Map.of("name", "bench-quality", "eventsPerSecond", 1_000_000)).get("tenantId").asString();
        var key = probe.send("POST", pipeline.ingestUrl() + "/v1/admin/tenants/" + tenant + "/keys",
                Map.of("scopes", List.of("events:write", "documents:read", "documents:write"))).get("key").asString();
        return new QualityTenant(pipeline, UUID.fromString(tenant), key);
    }

    /** Every message as a DocumentUpserted through the intake; waits until the worker stored every accepted one. */
    Ingested ingest(List<MailCorpus.Mail> mails) throws Exception {
        var rejected = new ArrayList<String>();
        var batch = new ArrayList<Map<String, Object>>();
        int bytes = 0;
        int accepted = 0;
        for (var mail : mails) {
            var event = event(mail);
            int size = JSON.writeValueAsBytes(event).length;
            if (!batch.isEmpty() && (batch.size() == MAX_EVENTS || bytes + size > MAX_BYTES)) {
                accepted += send(batch, rejected);
                batch.clear();
                bytes = 0;
            }
            batch.add(event);
            bytes += size;
        }
        accepted += send(batch, rejected);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stored() < accepted && System.nanoTime() < deadline) {
            Thread.sleep(500); // the worker drains the topic; poll the store's count
        }
        var all = mails.stream().map(MailCorpus.Mail::externalId).filter(id -> rejected.stream().noneMatch(r -> r.startsWith(id + ": "))).toList();
        var present = store.sql("select external_id from documents where tenant_id = ? and external_id = any(?)")
                .params(tenant, all.toArray(String[]::new)).query(String.class).set();
        var missing = all.stream().filter(id -> !present.contains(id)).toList();
        return new Ingested(accepted, present.size(), rejected, missing);
    }

    private long stored() {
        return store.sql("select count(*) from documents where tenant_id = ?").param(tenant).query(Long.class).single();
    }

    private static Map<String, Object> event(MailCorpus.Mail mail) {
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentUpserted");
        event.put("externalId", mail.externalId());
        event.put("source", "mail");
        event.put("version", mail.version());
        event.put("title", mail.title());
        event.put("author", mail.author());
        event.put("content", mail.content());
        event.put("mimeType", "message/rfc822");
        return event;
    }

    /** One request; a batch the intake refuses is sent again event by event, so only the bad ones are rejected. */
    private int send(List<Map<String, Object>> events, List<String> rejected) throws Exception {
        if (events.isEmpty()) {
            return 0;
        }
        var response = request("POST", pipeline.ingestUrl() + "/v1/events", Map.of("events", events));
        if (response.statusCode() == 202) {
            return events.size();
        }
        if (response.statusCode() == 429 || response.statusCode() == 503) {
            Thread.sleep(1000); // Retry-After: the intake asks for a pause
            return send(events, rejected);
        }
        if (events.size() == 1) {
            rejected.add(events.getFirst().get("externalId") + ": HTTP " + response.statusCode() + " " + response.body());
            return 0;
        }
        int accepted = 0;
        for (var event : events) {
            accepted += send(List.of(event), rejected);
        }
        return accepted;
    }

    /** Bulk classify (category + confirmed) through the API, at most 1000 ids per request. */
    void confirm(List<String> ids, String category) throws Exception {
        for (int from = 0; from < ids.size(); from += 1000) {
            send("POST", pipeline.apiUrl() + "/v1/documents/classify",
                    Map.of("externalIds", ids.subList(from, Math.min(ids.size(), from + 1000)), "category", category));
        }
    }

    /** Asks for a reclassify job and waits until it is done. */
    Job reclassify() throws Exception {
        var jobId = send("POST", pipeline.apiUrl() + "/v1/documents/reclassify", null).get("jobId").asString();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var job = JSON.readTree(request("GET", pipeline.apiUrl() + "/v1/jobs/" + jobId, null).body());
            if (!job.get("state").asString().equals("pending") && !job.get("state").asString().equals("running")) {
                return new Job(job.get("state").asString(), job.get("done").asLong(), job.path("changed").asLong());
            }
            Thread.sleep(100); // poll the job's progress
        }
        throw new IllegalStateException("reclassify job " + jobId + " not done after " + WAIT);
    }

    /** The stored classification of these documents. */
    Map<String, Stored> scores(Map<String, String> held) {
        var result = new HashMap<String, Stored>();
        store.sql("""
                select external_id, category, classification_status, coalesce(confidence, 0) from documents
                where tenant_id = ? and external_id = any(?)""").params(tenant, held.keySet().toArray(String[]::new))
                .query(rs -> {
                    result.put(rs.getString(1), new Stored(rs.getString(2), rs.getString(3), rs.getDouble(4)));
                });
        return result;
    }

    /** The stored text of these documents, as the tenant model reads it (title, author, content). */
    Map<String, String> texts(List<String> ids) {
        var result = new HashMap<String, String>();
        store.sql("""
                select external_id, concat_ws(' ', title, author, left(content, 20000)) from documents
                where tenant_id = ? and external_id = any(?)""").params(tenant, ids.toArray(String[]::new))
                .query(rs -> {
                    result.put(rs.getString(1), rs.getString(2));
                });
        return result;
    }

    private JsonNode send(String method, String url, Object body) throws Exception {
        var response = request(method, url, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> request(String method, String url, Object body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
