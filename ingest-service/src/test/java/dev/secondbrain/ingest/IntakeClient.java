package dev.secondbrain.ingest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A connector's HTTP view of the intake, bytes exactly as given, for tests. */
public final class IntakeClient {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijk";
    /** Every scope a key can have. */
    public static final List<String> ALL_SCOPES = List.of("events:write", "documents:read", "documents:write",
            "tenant:admin");
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public IntakeClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public record Answer(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            var response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public Answer postEvents(String key, byte[] body) {
        return send(request("/v1/events", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Answer postEvents(String key, List<Map<String, Object>> events) {
        return postEvents(key, JSON.writeValueAsBytes(Map.of("events", events)));
    }

    public Answer admin(String method, String path, Object body, String token) {
        var bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        return send(request(path, token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public UUID createTenant(String name, Integer eventsPerSecond) {
        var body = eventsPerSecond == null ? Map.of("name", name) : Map.of("name", name, "eventsPerSecond", eventsPerSecond);
        var answer = admin("POST", "/v1/admin/tenants", body, ADMIN_TOKEN);
        if (answer.status() != 201) {
            throw new IllegalStateException("tenant not created: " + answer.status() + " " + answer.body());
        }
        return UUID.fromString(answer.json().get("tenantId").asString());
    }

    /** Issues a key with every scope: [keyId, key]. */
    public String[] issueKey(UUID tenantId) {
        return issueKey(tenantId, ALL_SCOPES);
    }

    /** Issues a key with these scopes: [keyId, key]. */
    public String[] issueKey(UUID tenantId, List<String> scopes) {
        var answer = admin("POST", "/v1/admin/tenants/" + tenantId + "/keys", Map.of("scopes", scopes), ADMIN_TOKEN);
        if (answer.status() != 201) {
            throw new IllegalStateException("key not issued: " + answer.status() + " " + answer.body());
        }
        return new String[] {answer.json().get("keyId").asString(), answer.json().get("key").asString()};
    }
}
