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
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES) // every benchmark once, small: about 2 min idle
    void smokeRunWritesTheTableTheJsonAndTheChart(@TempDir Path output) throws Exception {
        var results = Bench.run(BenchSize.of("smoke"), output);

        assertThat(output.resolve("results.md")).content().contains("| worker drain, 1 instance", "| search p95",
                "| end-to-end 202 -> visible p99", "| statements per micro-batch at batch size 1000");
        assertThat(output.resolve("results.json")).content().contains("\"rows\"", "\"facts\"");
        assertThat(Files.readAllBytes(output.resolve("results.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(results.markdown()).contains("| re-sync of unchanged documents: rows written | 0.00 |");
    }
}
