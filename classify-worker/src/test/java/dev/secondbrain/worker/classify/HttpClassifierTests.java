package dev.secondbrain.worker.classify;

import com.sun.net.httpserver.HttpServer;
import dev.secondbrain.schemas.DocumentUpserted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The remote classifier is a service we do not own: stubbed with the JDK's HTTP server. */
class HttpClassifierTests {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();

    private URI serve(int failuresFirst, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/classify", exchange -> {
            int n = requests.incrementAndGet();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                release.await(delayMillis, TimeUnit.MILLISECONDS); // a slow remote service, released at the end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var answer = n <= failuresFirst ? new byte[0] : """
                    {"classifications":[{"category":"work","confidence":0.9},{"category":"spam","confidence":0.2}]}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n <= failuresFirst ? 503 : 200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/classify");
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static ClassifierSettings settings(URI url, Duration timeout) {
        return new ClassifierSettings(ClassifierSettings.Kind.HTTP, List.of("work"), "other", null, 0.6,
                Duration.ofMinutes(5), 10, 500, 4000, 5, 1000, url, timeout, 3);
    }

    private static List<DocumentUpserted> twoDocuments() {
        var tenant = UUID.randomUUID();
        return List.of(
                new DocumentUpserted(tenant, "a", "s", 1, "Roadmap", "q3", null, null, null, null, null, Map.of(), null),
                new DocumentUpserted(tenant, "b", "s", 1, "You won", "prize", null, null, null, null, null, Map.of(), null));
    }

    @Test
    void sendsOneRequestPerBatchAndAppliesTheReviewThreshold() throws IOException {
        var classifier = new HttpClassifier(settings(serve(0, 0), Duration.ofSeconds(2)));
        var result = classifier.classify(twoDocuments());
        assertThat(requests).hasValue(1);
        assertThat(bodies.peek()).contains("\"externalId\":\"a\"").contains("\"externalId\":\"b\"");
        assertThat(result).containsExactly(new Classification("work", 0.9, "classified"),
                new Classification("spam", 0.2, "needs_review"));
    }

    @Test
    void retriesServerErrorsWithinTheAttempts() throws IOException {
        var classifier = new HttpClassifier(settings(serve(2, 0), Duration.ofSeconds(2)));
        assertThat(classifier.classify(twoDocuments())).hasSize(2);
        assertThat(requests).hasValue(3);
    }

    @Test
    void givesUpAfterTheAttemptsSoTheBatchIsRetriedLater() throws IOException {
        var classifier = new HttpClassifier(settings(serve(10, 0), Duration.ofSeconds(2)));
        assertThatThrownBy(() -> classifier.classify(twoDocuments())).isInstanceOf(ClassifierUnavailable.class);
        assertThat(requests).hasValue(3);
    }

    @Test
    void aSlowServiceTimesOutInsteadOfHanging() throws IOException {
        var classifier = new HttpClassifier(settings(serve(0, 1500), Duration.ofMillis(200)));
        assertThatThrownBy(() -> classifier.classify(twoDocuments())).isInstanceOf(ClassifierUnavailable.class)
                .hasMessageContaining("timed out");
    }
}
