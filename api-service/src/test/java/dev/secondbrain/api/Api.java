package dev.secondbrain.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for the running API, as a consumer would call it. */
record Api(int port) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The problem body without {@code instance} (the request path), to compare answers to different paths. */
        String problem() {
            var problem = (tools.jackson.databind.node.ObjectNode) json();
            problem.remove("instance");
            return contentType + " " + problem;
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    Response get(String path, String key) {
        return send("GET", path, key, null, null);
    }

    Response post(String path, String key, String jsonBody) {
        return send("POST", path, key, "application/json", jsonBody);
    }

    Response delete(String path, String key) {
        return send("DELETE", path, key, null, null);
    }

    Response send(String method, String path, String key, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
