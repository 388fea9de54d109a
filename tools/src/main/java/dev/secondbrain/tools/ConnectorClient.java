package dev.secondbrain.tools;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A connector's view of the intake: JSON over HTTP with a bearer token, honouring {@code Retry-After} on
 * 429 and 503 a bounded number of times.
 */
public final class ConnectorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public ConnectorClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        for (int attempt = 1; ; attempt++) {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status < 300) {
                return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            }
            if ((status != 429 && status != 503) || attempt == ATTEMPTS) {
                throw new IOException("POST " + path + " answered " + status + ": " + response.body());
            }
            var retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(Duration.ofSeconds(Math.min(retryAfter, 30))); // the server asked us to wait
        }
    }
}
