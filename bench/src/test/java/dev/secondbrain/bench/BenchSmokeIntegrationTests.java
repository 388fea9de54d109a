package dev.secondbrain.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmark working: the whole harness at its smoke size, asserting what it writes and the
 * behaviour it measures (a re-sync writes nothing), never a speed.
 */
class BenchSmokeIntegrationTests {

    @Test
    @Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES) // every benchmark once, small: about 12 min on a loaded 2-core machine
    void smokeRunWritesTheTableTheJsonAndTheChart(@TempDir Path output) throws Exception {
        var results = Bench.run(BenchSize.of("smoke"), output);

        assertThat(output.resolve("results.md")).content().contains("| worker drain, 1 instance", "| search p95",
                "| end-to-end 202 -> visible p99", "| statements per micro-batch at max-poll-records 1000",
                "| ours, with RTT |", "| worker drain vs Debezium JDBC sink");
        assertThat(output.resolve("results.json")).content().contains("\"rows\"", "\"facts\"");
        assertThat(Files.readAllBytes(output.resolve("results.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(results.markdown()).contains("| re-sync of unchanged documents: rows written | 0.00 |");
        // every comparison with a per-row or per-id baseline has its figures through the proxy too
        // (ingest, three bulk operations, small and large stats, list)
        assertThat(results.rows()).filteredOn(r -> r.oursRtt() != null).hasSize(7)
                .allSatisfy(r -> assertThat(r.baselineRtt()).isPositive());
        // the store's statements of a batch, offsets upsert and model loads apart (a bulk run that changed fewer rows
        // than it was given would have stopped the run)
        assertThat(results.rows()).filteredOn(r -> r.measure().startsWith("statements per micro-batch")).hasSize(2)
                .allSatisfy(r -> assertThat(r.ours()).isBetween(1.0, 3.0));
        // the broad-search curve: the exact strategy is the truth (recall 1), a bounded candidate set misses some
        assertThat(results.rows()).filteredOn(r -> r.measure().startsWith("broad search") && r.measure().endsWith("order"))
                .hasSize(7).first().satisfies(r -> assertThat(r.ours()).isEqualTo(1.0));
        assertThat(results.rows()).filteredOn(r -> r.measure().startsWith("broad search (SQL, 200 queries, 25 % match), the 1000 newest matches ranked: recall"))
                .singleElement().satisfies(r -> assertThat(r.ours()).isLessThan(1.0));
        assertThat(results.rows()).filteredOn(r -> r.measure().equals("intake, 64 clients: 1-event requests (events/s)"))
                .singleElement().satisfies(r -> assertThat(r.baseline()).isPositive());
        // the HTTP floor beside it: the same clients did real requests on both sides
        assertThat(results.rows()).filteredOn(r -> r.measure().equals("intake, 64 clients: 1-event requests vs the HTTP floor"))
                .singleElement().satisfies(r -> assertThat(r.ours()).isPositive())
                .satisfies(r -> assertThat(r.baseline()).isPositive());
    }
}
