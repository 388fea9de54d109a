package dev.secondbrain.connector;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector's client of the intake (ingest-service): one per API key, thread-safe. Every request carries the key
 * and is sent with {@link Retries}; a refusal for good is an {@link IntakeRefused} ({@link SourcePaused} for a paused
 * source). Documents go in requests of at most {@value #MAX_EVENTS_PER_REQUEST} events and
 * {@value #MAX_BODY_BYTES} bytes, the intake's limits.
 */
public final class Intake {

    /** The intake's limits of {@code POST /v1/events} (ingest-service README). */
    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Retries retries;

    private Intake(HttpClient http, String baseUrl, String apiKey, Retries retries) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.retries = retries;
    }

    /** A client of the intake at {@code baseUrl} (e.g. {@code http://localhost:8081}) with this API key. */
    public static Intake connect(String baseUrl, String apiKey) {
        return new Intake(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), baseUrl, apiKey,
                Retries.DEFAULT);
    }

    /** The same client with another retry policy. */
    public Intake withRetries(Retries retries) {
        return new Intake(http, baseUrl, apiKey, retries);
    }

    /** Opens a full sync: when completed, the source's documents it did not send are deleted (the sweep). */
    public Sync fullSync(String source) {
        return openSync(source, "full", null);
    }

    /** Opens an incremental sync: it sends changes only and deletes nothing it did not see. */
    public Sync incrementalSync(String source) {
        return openSync(source, "incremental", null);
    }

    /** Opens a sync of {@code mode} ({@code full} or {@code incremental}); {@code expected} documents, or null. */
    public Sync openSync(String source, String mode, Long expected) {
        var body = expected == null ? Map.of("source", source, "mode", mode)
                : Map.of("source", source, "mode", mode, "expected", expected);
        var opened = request("POST", "/v1/syncs", body);
        return new Sync(this, source, mode, opened.get("syncId").asString());
    }

    /** Sends documents of {@code source} outside any sync, in as few requests as the limits allow. */
    public void send(String source, List<Document> documents) {
        var batch = new Batch(this, source, null);
        documents.forEach(batch::add);
        batch.flush();
    }

    /** The newest checkpoint of the source (default stream) whose events are all applied, if any. */
    public Optional<JsonNode> checkpoint(String source) {
        return checkpoint(source, null);
    }

    /** The newest applied checkpoint of the source and {@code stream} (null: the default stream), if any. */
    public Optional<JsonNode> checkpoint(String source, String stream) {
        var path = "/v1/sources/" + encode(source) + "/checkpoint" + (stream == null ? "" : "?stream=" + encode(stream));
        try {
            return Optional.of(request("GET", path, null).get("state"));
        } catch (IntakeRefused e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Saves {@code state} (any JSON-serializable value) as the source's checkpoint for {@code stream} (null: the
     * default). Send the documents it covers first: it becomes visible once everything sent before it is applied.
     */
    public void saveCheckpoint(String source, String stream, Object state) {
        var body = stream == null ? Map.of("state", state) : Map.of("state", state, "stream", stream);
        request("POST", "/v1/sources/" + encode(source) + "/checkpoints", body);
    }

    public void pause(String source) {
        request("POST", "/v1/sources/" + encode(source) + "/pause", Map.of());
    }

    public void resume(String source) {
        request("POST", "/v1/sources/" + encode(source) + "/resume", Map.of());
    }

    /** The tenant's sources: paused, live documents, last sync, last checkpoint, freshness. */
    public JsonNode sources() {
        return request("GET", "/v1/sources", null).get("sources");
    }

    JsonNode request(String method, String path, Object body) {
        return send(method, path, body == null ? null : JSON.writeValueAsBytes(body));
    }

    /** One request, sent whole again after 429, 503 or a failed connection, as {@link Retries} allows. */
    JsonNode send(String method, String path, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var what = method + " " + path;
        Exception last = null;
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            Long retryAfter = null;
            try {
                var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status < 300) {
                    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
                if (status != 429 && status != 503) {
                    throw refused(what, status, response.body());
                }
                retryAfter = response.headers().firstValueAsLong("Retry-After").isPresent()
                        ? response.headers().firstValueAsLong("Retry-After").getAsLong() : null;
                last = new IOException(what + " answered " + status + ": " + response.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IntakeUnavailable(what + " interrupted", e);
            }
            if (attempt < retries.attempts()) {
                pause(retries.wait(attempt, retryAfter));
            }
        }
        throw new IntakeUnavailable(what + " failed " + retries.attempts() + " times", last);
    }

    private static IntakeRefused refused(String what, int status, String problem) {
        if (status == 409 && problem.contains(SourcePaused.TYPE)) {
            return new SourcePaused(what, problem);
        }
        return new IntakeRefused(what, status, problem);
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait); // the intake asked us to wait (Retry-After), or it could not be reached
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntakeUnavailable("interrupted while waiting to retry", e);
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
