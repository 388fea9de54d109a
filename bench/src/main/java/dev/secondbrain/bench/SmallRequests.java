package dev.secondbrain.bench;

import dev.secondbrain.local.LocalPipeline;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The intake under many small requests: {@link #CLIENTS} concurrent clients posting 1-event requests, then
 * 100-event requests, then the same clients asking the intake's liveness probe (an HTTP request that does no work:
 * the floor of what one request costs on this machine), for the same time each, alternated twice so none gets the
 * quieter half of the run. The intake runs as its own process (the local stack), with the worker draining what it
 * publishes; each phase starts once the worker has stored everything accepted before it, so no phase inherits
 * another's backlog.
 */
final class SmallRequests {

    static final int CLIENTS = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Events per second accepted, median request times, requests refused with 503 or 429 (then sent again), and
     * the liveness probes answered per second by the same clients.
     */
    record Rates(double oneEventPerSecond, double hundredEventsPerSecond, double oneEventRequestP50Ms,
                 double hundredEventsRequestP50Ms, long oneEventRefused, long hundredEventsRefused,
                 double floorRequestsPerSecond, double floorRequestP50Ms) {
    }

    private SmallRequests() {
    }

    static Rates measure(LocalPipeline pipeline, Duration each) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var tenant = EndToEnd.tenant(http, pipeline, "bench-small-requests");
        var key = tenant.key();
        var url = URI.create(pipeline.ingestUrl() + "/v1/events");
        var liveness = URI.create(pipeline.ingestUrl() + "/actuator/health/liveness");
        var stored = new Stored(pipeline, UUID.fromString(tenant.tenantId()));
        var sequence = new AtomicLong(); // one for the whole measurement: every accepted event is a new document
        var warmUp = Duration.ofSeconds(5); // connections, JIT
        stored.await(run(http, url, key, 1, warmUp, sequence).events());
        stored.await(run(http, url, key, 100, warmUp, sequence).events());
        run(http, liveness, null, 0, warmUp, sequence);
        var one = new Totals();
        var hundred = new Totals();
        var floor = new Totals();
        for (int round = 0; round < 2; round++) {
            stored.await(one.add(run(http, url, key, 1, each, sequence)));
            stored.await(hundred.add(run(http, url, key, 100, each, sequence)));
            floor.add(run(http, liveness, null, 0, each, sequence));
        }
        return new Rates(one.eventsPerSecond(), hundred.eventsPerSecond(), one.p50(), hundred.p50(), one.refused,
                hundred.refused, floor.requestsPerSecond(), floor.p50());
    }

    /** The tenant's stored documents, to wait until the worker caught up with what the intake accepted. */
    private static final class Stored {
        /** How long the stored count may stand still before the wait fails (a backlog takes as long as it takes). */
        private static final Duration STALLED = Duration.ofMinutes(2);
        private final JdbcClient jdbc;
        private final UUID tenant;
        private long accepted;

        Stored(LocalPipeline pipeline, UUID tenant) {
            var dataSource = new PGSimpleDataSource();
            dataSource.setUrl(pipeline.jdbcUrl());
            dataSource.setUser("postgres");
            this.jdbc = JdbcClient.create(dataSource);
            this.tenant = tenant;
        }

        /** Waits until every document accepted so far (these {@code more} included) is stored. */
        void await(long more) throws InterruptedException {
            accepted += more;
            long progressed = System.nanoTime();
            long before = -1;
            long count;
            while ((count = jdbc.sql("select count(*) from documents where tenant_id = ?").param(tenant)
                    .query(Long.class).single()) < accepted) {
                if (count > before) {
                    before = count;
                    progressed = System.nanoTime();
                } else if (System.nanoTime() - progressed > STALLED.toNanos()) {
                    throw new IllegalStateException(count + " of " + accepted + " accepted documents stored, none more"
                            + " for " + STALLED);
                }
                Thread.sleep(200);
            }
        }
    }

    private record Run(long events, long refused, double seconds, List<Double> requestMillis) {
    }

    private static final class Totals {
        long events;
        long refused;
        double seconds;
        final List<Double> millis = new ArrayList<>();

        long add(Run run) {
            events += run.events();
            refused += run.refused();
            seconds += run.seconds();
            millis.addAll(run.requestMillis());
            return run.events();
        }

        double eventsPerSecond() {
            return events / seconds;
        }

        double requestsPerSecond() {
            return millis.size() / seconds;
        }

        double p50() {
            return ReadSide.median(millis.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * Clients posting {@code perRequest} events per request, each a new document numbered from {@code sequence};
     * with 0, asking {@code url} (GET) and nothing else.
     */
    private static Run run(HttpClient http, URI url, String key, int perRequest, Duration duration,
                           AtomicLong sequence) throws Exception {
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
                        var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60));
                        if (perRequest > 0) {
                            request.header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                                            JSON.writeValueAsBytes(Map.of("events", events))));
                        }
                        long sent = System.nanoTime();
                        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 503 || response.statusCode() == 429) {
                            // as a connector does: wait as told, then go on; counted, not hidden
                            refused.incrementAndGet();
                            Thread.sleep(1000L * response.headers().firstValueAsLong("Retry-After").orElse(1));
                            continue;
                        }
                        if (response.statusCode() != (perRequest > 0 ? 202 : 200)) {
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
