package dev.secondbrain.bench;

import dev.secondbrain.testkit.PostgresServer;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * Runs every measurement of the benchmark on the embedded infrastructure and writes
 * {@code bench/results/results.{md,json,png}}. Usage: {@code Bench [smoke|default] [output-directory]}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        var size = BenchSize.of(args.length > 0 ? args[0] : "default");
        var output = Path.of(args.length > 1 ? args[1] : "bench/results");
        run(size, output);
    }

    static Results run(BenchSize size, Path output) throws Exception {
        var results = new Results();
        results.fact("size", size);
        try (var postgres = PostgresServer.startThrowaway(true)) {
            var corpus = Corpus.generate(42, size.documents(), size.tenants());
            results.fact("events", corpus.events().size());
            writeSide(results, postgres, corpus, size);
        }
        results.write(output);
        return results;
    }

    private static void writeSide(Results results, PostgresServer postgres, Corpus corpus, BenchSize size)
            throws Exception {
        var latest = corpus.latest();
        var copyDb = migrated(postgres, "bench_copy");
        double copyRowsPerSecond = latest.size() / seconds(CopyLimit.copy(copyDb, latest));
        results.higher("COPY (binary) of the final rows", "rows/s", copyRowsPerSecond, null, null, null);

        var legacyDb = migrated(postgres, "bench_legacy");
        var legacyEvents = corpus.events().subList(0, Math.min(size.legacyEvents(), corpus.events().size()));
        double legacyPerSecond = legacyEvents.size() / seconds(LegacyPattern.ingest(legacyDb, legacyEvents));
        results.higher("legacy per-row SELECT + INSERT/UPDATE, commit per row", "events/s", legacyPerSecond,
                null, null, null);
        results.fact("copyRowsPerSecond", copyRowsPerSecond);
        results.fact("legacyEventsPerSecond", legacyPerSecond);
    }

    static DataSource migrated(PostgresServer postgres, String prefix) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(postgres.createDatabase(prefix)));
        dataSource.setUser(PostgresServer.USER);
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
