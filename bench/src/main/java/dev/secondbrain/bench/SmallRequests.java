package dev.secondbrain.bench;

import dev.secondbrain.local.LocalPipeline;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The intake under many small requests: {@link #CLIENTS} concurrent clients posting 1-event requests, then
 * 100-event requests, for the same time each, alternated twice so neither gets the quieter half of the run; the
 * intake runs as its own process (the local stack), with the worker draining what it publishes.
 */
final class SmallRequests {

    static final int CLIENTS = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Events per second accepted, median request times, and requests refused with 503 or 429 (then sent again). */
    record Rates(double oneEventPerSecond, double hundredEventsPerSecond, double oneEventRequestP50Ms,
                 double hundredEventsRequestP50Ms, long oneEventRefused, long hundredEventsRefused) {
    }

    private SmallRequests() {
    }

    static Rates measure(LocalPipeline pipeline, Duration each) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var key = EndToEnd.tenant(http, pipeline, "bench-small-requests").key();
        var url = URI.create(pipeline.ingestUrl() + "/v1/events");
        run(http, url, key, 1, Duration.ofSeconds(2)); // warm-up: connections, JIT
        run(http, url, key, 100, Duration.ofSeconds(2));
        var one = new Totals();
        var hundred = new Totals();
        for (int round = 0; round < 2; round++) {
            one.add(run(http, url, key, 1, each));
            hundred.add(run(http, url, key, 100, each));
        }
        return new Rates(one.eventsPerSecond(), hundred.eventsPerSecond(), one.p50(), hundred.p50(), one.refused,
                hundred.refused);
    }

    private record Run(long events, long refused, double seconds, List<Double> requestMillis) {
    }

    private static final class Totals {
        long events;
        long refused;
        double seconds;
        final List<Double> millis = new ArrayList<>();

        void add(Run run) {
            events += run.events();
            refused += run.refused();
            seconds += run.seconds();
            millis.addAll(run.requestMillis());
        }

        double eventsPerSecond() {
            return events / seconds;
        }

        double p50() {
            return ReadSide.median(millis.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private static Run run(HttpClient http, URI url, String key, int perRequest, Duration duration) throws Exception {
        var sequence = new AtomicLong();
        var accepted = new AtomicLong();
        var refused = new AtomicLong();
        var millis = java.util.Collections.synchronizedList(new ArrayList<Double>());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new ArrayList<java.util.concurrent.Future<?>>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        var events = new ArrayList<Map<String, Object>>(perRequest);
                        for (int i = 0; i < perRequest; i++) {
                            long n = sequence.incrementAndGet();
                            events.add(Map.of("type", "DocumentUpserted", "externalId", "small-" + n, "source", "bench",
                                    "version", 1, "title", "request " + n, "content", "a small request's document " + n));
                        }
                        long sent = System.nanoTime();
                        var response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("events", events))))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 503 || response.statusCode() == 429) {
                            // as a connector does: wait as told, then go on; counted, not hidden
                            refused.incrementAndGet();
                            Thread.sleep(1000L * response.headers().firstValueAsLong("Retry-After").orElse(1));
                            continue;
                        }
                        if (response.statusCode() != 202) {
                            throw new IllegalStateException("POST /v1/events answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                        millis.add((System.nanoTime() - sent) / 1e6);
                        accepted.addAndGet(perRequest);
                    }
                    return null;
                }));
            }
            for (var client : running) {
                client.get(); // a refused request stops the run with its answer
            }
        }
        return new Run(accepted.get(), refused.get(), (System.nanoTime() - start) / 1e9, millis);
    }
}
