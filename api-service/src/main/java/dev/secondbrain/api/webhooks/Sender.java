package dev.secondbrain.api.webhooks;

import dev.secondbrain.connector.WebhookSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Sends one signed delivery: {@code POST} of the event's JSON with {@code Webhook-Signature}
 * ({@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, one {@code v1} per valid secret) and
 * {@code Webhook-Event-Id}. A 2xx answer is delivered; anything else (another status, a timeout, a refused
 * connection) is a failed attempt. Redirects are not followed (a 3xx is a failure: it could point anywhere); of the
 * answer at most {@code max-response-body} is read.
 */
final class Sender {

    /** The outcome of one attempt: the status (0 without an answer) and, for a failure, why. */
    record Attempt(int status, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private static final int ERROR_CHARS = 200;

    private final HttpClient http;
    private final WebhookSettings settings;
    private final Clock clock;

    Sender(WebhookSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Attempt send(URI url, List<String> secrets, String eventId, String eventType, String body) {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(url).timeout(settings.responseTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "second-brain-webhooks/1")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secrets, clock.instant().getEpochSecond(), bytes))
                .header(WebhookSignature.EVENT_ID_HEADER, eventId)
                .header("Webhook-Event-Type", eventType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (var answer = response.body()) {
                var head = answer.readNBytes((int) settings.maxResponseBody().toBytes());
                if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    return new Attempt(response.statusCode(), null);
                }
                var text = new String(head, StandardCharsets.UTF_8);
                return new Attempt(response.statusCode(), "HTTP " + response.statusCode() + ": "
                        + text.substring(0, Math.min(ERROR_CHARS, text.length())));
            }
        } catch (IOException e) {
            return new Attempt(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, "interrupted");
        }
    }
}
