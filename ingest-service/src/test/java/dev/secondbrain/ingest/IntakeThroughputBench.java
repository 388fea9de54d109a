package dev.secondbrain.ingest;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loopback intake throughput, on demand only (the name keeps it out of the default test run):
 * <pre>./mvnw -q -pl ingest-service test -Dtest=IntakeThroughputBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * One JVM holds the broker (4 partitions), PostgreSQL, the intake and the clients, so the figures are a
 * floor for this machine, not a capacity. Documents of ~1 KB; {@value #CLIENTS} concurrent connectors.
 * Figures are printed, never asserted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN)
@WithPipelineInfrastructure
class IntakeThroughputBench {

    static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    static final String CONTENT = "lorem ipsum dolor sit amet ".repeat(38);

    @LocalServerPort
    int port;

    @Test
    void measuresEventsPerSecond() throws Exception {
        var client = new IntakeClient(port);
        var key = client.issueKey(client.createTenant("bench", 10_000_000))[1];
        run(client, key, 100, 100);          // warm-up
        run(client, key, 1, 500);            // warm-up
        var batched = run(client, key, 100, 1_000);
        var single = run(client, key, 1, 10_000);
        System.out.printf("%nINTAKE THROUGHPUT (loopback, %d clients, ~1 KB documents)%n"
                        + "  100-event requests: %,.0f events/s (%,.0f requests/s)%n"
                        + "  1-event requests:   %,.0f events/s (%,.0f requests/s)%n%n",
                CLIENTS, batched * 100, batched, single, single);
    }

    /** Sends {@code requests} requests of {@code size} events; returns requests per second. */
    private static double run(IntakeClient client, String key, int size, int requests) throws Exception {
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        long started = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                workers.add(pool.submit(() -> {
                    for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                        if (client.postEvents(key, batch(r, size)).status() != 202) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (var worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(failures.get()).as("requests not accepted").isZero();
        return requests / seconds;
    }

    private static List<Map<String, Object>> batch(int request, int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> Events.upserted("bench/" + request + "/" + i, request, CONTENT)).toList();
    }
}
