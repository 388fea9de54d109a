package dev.secondbrain.testkit;

import org.junit.jupiter.params.provider.Arguments;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The scope matrix of a service: every endpoint its handler mappings serve under {@code /v1} × every caller (a key
 * with exactly one scope, or the admin token) → allowed or 403. The endpoints come from the running service, so one
 * added without an entry in the test's table of what each needs fails {@link #endpoints}' comparison.
 *
 * @param needs what each endpoint ({@code "POST /v1/events"}, patterns as mapped) needs: a scope or {@link #ADMIN}
 * @param callers each caller's name (a scope or {@link #ADMIN}) and bearer token
 */
public record ScopeMatrix(Map<String, String> needs, Map<String, String> callers) {

    public static final String ADMIN = "admin token";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the service serves under /v1, as {@code "METHOD /pattern"}. */
    public static List<String> endpoints(RequestMappingHandlerMapping mappings) {
        return mappings.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternValues().stream()
                        .filter(p -> p.startsWith("/v1/"))
                        .flatMap(p -> info.getMethodsCondition().getMethods().stream().map(m -> m.name() + " " + p)))
                .sorted().toList();
    }

    /** Every endpoint of the table × every caller. */
    public Stream<Arguments> cases() {
        return needs.keySet().stream().sorted()
                .flatMap(endpoint -> callers.keySet().stream().sorted().map(caller -> Arguments.of(endpoint, caller)));
    }

    /** Whether {@code caller} may call {@code endpoint} according to the table. */
    public boolean allowed(String endpoint, String caller) {
        return needs.get(endpoint).equals(caller);
    }

    /** A service's answer: its status, and its body unless it is a stream (which is closed at once). */
    public record Answer(int status, String body) {
    }

    /**
     * Sends {@code endpoint} as {@code caller} to the service on {@code port}: path variables become a fresh UUID
     * (a number for {@code {gapId}}), a body is {@code {}}.
     */
    public Answer call(int port, String endpoint, String caller) {
        var split = endpoint.split(" ", 2);
        var path = split[1].replaceAll("\\{gapId}", "1").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        var body = split[0].equals("GET") || split[0].equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(split[0], body)
                .header("Authorization", "Bearer " + callers.get(caller)).header("Content-Type", "application/json");
        if (path.equals("/v1/changes")) {
            request.header("Accept", "text/event-stream");
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (var in = response.body()) {
                var stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                return new Answer(response.statusCode(),
                        stream ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
