package dev.secondbrain.worker.classify;

import dev.secondbrain.schemas.DocumentUpserted;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * An external model behind HTTP: ONE {@code POST} per batch of
 * {@code {"documents":[{tenantId, externalId, title, content, mimeType, source}]}}, answered by
 * {@code {"classifications":[{category, confidence}]}} in the same order. Timeouts, 5xx and connection
 * failures are retried up to {@code attempts} times with a doubling pause; then the batch fails and the
 * worker retries it (never a dead letter: the documents are fine, the service is not).
 */
final class HttpClassifier implements Classifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    private final HttpClient client;
    private final URI url;
    private final ClassifierSettings settings;

    HttpClassifier(ClassifierSettings settings) {
        if (settings.url() == null) {
            throw new IllegalStateException("pipeline.classifier.url is required when pipeline.classifier.kind=http");
        }
        this.url = settings.url();
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public List<Classification> classify(List<DocumentUpserted> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        var body = JSON.writeValueAsBytes(new Request(documents.stream().map(Document::of).toList()));
        var request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var answer = JSON.readValue(send(request), Response.class);
        if (answer.classifications() == null || answer.classifications().size() != documents.size()) {
            throw new ClassifierUnavailable("remote classifier answered " + documents.size() + " documents with "
                    + (answer.classifications() == null ? 0 : answer.classifications().size()), null);
        }
        return answer.classifications().stream()
                .map(c -> Classification.of(c.category(), c.confidence(), settings.reviewThreshold())).toList();
    }

    private byte[] send(HttpRequest request) {
        Exception last = null;
        var pause = FIRST_PAUSE;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            try {
                var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = new IOException("HTTP " + response.statusCode());
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClassifierUnavailable("interrupted", e);
            }
            if (attempt < settings.attempts()) {
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
        throw new ClassifierUnavailable("remote classifier failed after retries: " + last.getMessage(), last);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause); // back off before the next attempt at the remote classifier
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassifierUnavailable("interrupted", e);
        }
    }

    record Request(List<Document> documents) {
    }

    record Document(UUID tenantId, String externalId, String source, String title, String content, String mimeType) {
        static Document of(DocumentUpserted d) {
            return new Document(d.tenantId(), d.externalId(), d.source(), d.title(), d.content(), d.mimeType());
        }
    }

    record Response(List<Answer> classifications) {
    }

    record Answer(String category, double confidence) {
    }
}
