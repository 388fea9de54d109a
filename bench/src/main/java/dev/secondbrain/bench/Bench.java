package dev.secondbrain.bench;

import dev.secondbrain.local.LocalOptions;
import dev.secondbrain.local.LocalPipeline;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.embedded.KafkaBroker;
import dev.secondbrain.embedded.DatabaseLogins;
import dev.secondbrain.embedded.PostgresServer;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs every measurement of the benchmark on the embedded infrastructure (PostgreSQL with fsync on, as
 * deployed) and writes {@code results.md}, {@code results.json} and {@code results.png}.
 * Usage: {@code Bench [smoke|default] [output-directory]}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        var size = BenchSize.of(args.length > 0 ? args[0] : "default");
        var output = Path.of(args.length > 1 ? args[1] : "bench/results");
        run(size, output);
        System.exit(0); // the embedded broker's and services' threads are not all daemons
    }

    static Results run(BenchSize size, Path output) throws Exception {
        var results = new Results();
        results.fact("size", size);
        var corpus = Corpus.generate(42, size.documents(), size.tenants());
        results.fact("events", corpus.events().size());
        results.fact("documents", corpus.documents());
        double drainRate;
        try (var postgres = PostgresServer.startThrowaway(true); var kafka = KafkaBroker.start()) {
            drainRate = writeSide(results, postgres, kafka, corpus, size);
            new ReadSide().measure(results, postgres, size.readSideDocuments());
        }
        try (var pipeline = LocalPipeline.start(LocalOptions.throwaway())) {
            var latencies = EndToEnd.latencies(pipeline, Math.max(50, drainRate / 2), size.name().equals("smoke") ? 3 : 20);
            results.fact("endToEndOfferedEventsPerSecond", Math.max(50, drainRate / 2));
            results.lower("end-to-end 202 -> visible p50", "ms", ReadSide.percentile(latencies, 50), null, null, "<= 100 ms");
            results.lower("end-to-end 202 -> visible p99", "ms", ReadSide.percentile(latencies, 99), null, null, "<= 500 ms");
        }
        results.write(output);
        System.out.println(results.markdown());
        return results;
    }

    private static double writeSide(Results results, PostgresServer postgres, KafkaBroker kafka, Corpus corpus,
                                    BenchSize size) throws Exception {
        var latest = corpus.latest();
        double copyRows = latest.size() / seconds(CopyLimit.copy(migrated(postgres, "bench_copy"), latest));
        results.higher("COPY (binary) of the final rows", "rows/s", copyRows, null, null, null);

        var drain = new WorkerDrain(postgres, kafka);
        var first = drain.drain(corpus.events(), 1, 1000);
        double rowsPerSecond = first.eventsPerSecond() * latest.size() / corpus.events().size();
        results.higher("worker drain, 1 instance (rows/s)", "rows/s", rowsPerSecond, "COPY", copyRows, ">= 0.5x COPY");
        results.higher("worker drain, 1 instance", "events/s", first.eventsPerSecond(), null, null, ">= 5000 docs/s");

        var legacyEvents = corpus.events().subList(0, Math.min(size.legacyEvents(), corpus.events().size()));
        double legacy = legacyEvents.size() / seconds(LegacyPattern.ingest(migrated(postgres, "bench_legacy"), legacyEvents));
        results.higher("worker drain vs legacy per-row ingest", "events/s", first.eventsPerSecond(), "legacy", legacy, ">= 50x");

        resync(results, drain, first, corpus);
        bulkAndStats(results, first.database(), corpus);
        var two = drain.drain(corpus.events(), 2, 1000);
        results.higher("worker drain, 2 instances", "events/s", two.eventsPerSecond(), "1 instance",
                first.eventsPerSecond(), null);
        for (int batch : new int[] {10, 100, 1000}) {
            var events = corpus.events().subList(0, Math.min(batch * 30, corpus.events().size()));
            var counted = drain.drain(events, 1, batch);
            results.lower("statements per micro-batch at batch size " + batch, "stmts",
                    StatementCount.perBatch(counted.database()), null, null, "<= 3 + offsets");
        }
        return first.eventsPerSecond();
    }

    /**
     * A re-sync: every live document sent again as the source has it (same version, same content), the way a
     * connector re-sends after a restart. Nothing should be written and nothing classified.
     */
    private static void resync(Results results, WorkerDrain drain, WorkerDrain.Drained first, Corpus corpus)
            throws Exception {
        var jdbc = JdbcClient.create(first.database());
        var mark = jdbc.sql("select max(updated_at) from documents").query(java.time.OffsetDateTime.class).single();
        List<DocumentEvent> again = corpus.latest().stream().filter(e -> e instanceof DocumentUpserted).toList();
        double rate = drain.drainMore(first, again, corpus.events().size());
        long written = jdbc.sql("select count(*) from documents where updated_at > ?").param(mark).query(Long.class).single();
        results.lower("re-sync of unchanged documents: rows written", "rows", written, null, null, "0");
        results.higher("re-sync of unchanged documents", "events/s", rate, "first sync", first.eventsPerSecond(), null);
    }

    /**
     * Each bulk operation on 100 ids: one set-based statement (the shape the API runs) against the legacy
     * loop of one committed UPDATE per id, on fresh ids each time; then statistics.
     */
    private static void bulkAndStats(Results results, DataSource database, Corpus corpus) throws Exception {
        var tenant = corpus.events().getFirst().tenantId().toString();
        var jdbc = JdbcClient.create(database);
        var ids = jdbc.sql("""
                select external_id from documents where tenant_id = ?::uuid and deleted_at is null
                order by external_id limit 200""").param(tenant).query(String.class).list();
        var ours = ids.subList(0, ids.size() / 2).toArray(String[]::new);
        var theirs = ids.subList(ids.size() / 2, ids.size());
        var statements = java.util.Map.of(
                LegacyPattern.Bulk.CONFIRM, """
                        update documents set classification_status = 'confirmed'
                        where tenant_id = ?::uuid and external_id = any(?) and classification_status <> 'confirmed'""",
                LegacyPattern.Bulk.CLASSIFY, """
                        update documents set category = 'personal', classification_status = 'confirmed'
                        where tenant_id = ?::uuid and external_id = any(?)""",
                LegacyPattern.Bulk.DELETE, """
                        update documents set deleted_at = now(), deleted_by = 'user', content = null, title = null
                        where tenant_id = ?::uuid and external_id = any(?) and deleted_at is null""");
        for (var operation : LegacyPattern.Bulk.values()) {
            double loop = median(() -> LegacyPattern.loop(operation, database, tenant, theirs));
            double set = median(() -> time(() -> jdbc.sql(statements.get(operation)).params(tenant, ours).update()));
            results.lower("bulk " + operation.name().toLowerCase() + " of " + ours.length + " ids: one set-based statement",
                    "ms", set, "per-id loop", loop, null);
        }
        double legacyStats = median(() -> LegacyPattern.statistics(database, tenant));
        double counters = median(() -> time(() -> jdbc.sql(
                "select dimension, value, n from document_counts where tenant_id = ?::uuid").param(tenant).query().listOfRows()));
        results.lower("stats: one read of the counters (small tenant)", "ms", counters, "8 COUNT queries", legacyStats, null);
    }

    interface Timed {
        long nanos() throws Exception;
    }

    private static double median(Timed timed) throws Exception {
        var millis = new double[15];
        timed.nanos();
        for (int i = 0; i < millis.length; i++) {
            millis[i] = timed.nanos() / 1e6;
        }
        return ReadSide.median(millis);
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    static DataSource migrated(PostgresServer postgres, String prefix) {
        var dataSource = new PGSimpleDataSource();
        var database = postgres.createDatabase(prefix);
        // as deployed: the logins provisioned, the owner migrates (the bench itself then works as the superuser)
        var logins = DatabaseLogins.generate();
        logins.provision(postgres, database);
        dataSource.setUrl(postgres.jdbcUrl(database));
        Flyway.configure().dataSource(dataSource.getUrl(), logins.ownerLogin().user(), logins.ownerLogin().password())
                .load().migrate();
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
