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
import java.time.Duration;
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
        var oneWay = oneWayDelay();
        results.fact("proxyOneWayDelayMs", oneWay.toNanos() / 1e6);
        var corpus = Corpus.generate(42, size.documents(), size.tenants());
        results.fact("events", corpus.events().size());
        results.fact("documents", corpus.documents());
        double drainRate;
        try (var postgres = PostgresServer.startThrowaway(true); var kafka = KafkaBroker.start();
             var network = new Network(postgres, oneWay)) {
            drainRate = writeSide(results, postgres, kafka, network, corpus, size);
            new ReadSide().measure(results, postgres, network, size.readSideDocuments());
        }
        try (var pipeline = LocalPipeline.start(LocalOptions.throwaway())) {
            var latencies = EndToEnd.latencies(pipeline, Math.max(50, drainRate / 2), size.name().equals("smoke") ? 3 : 20);
            results.fact("endToEndOfferedEventsPerSecond", Math.max(50, drainRate / 2));
            results.lower("end-to-end 202 -> visible p50", "ms", ReadSide.percentile(latencies, 50), null, null, "<= 100 ms");
            results.lower("end-to-end 202 -> visible p99", "ms", ReadSide.percentile(latencies, 99), null, null, "<= 500 ms");
            var small = SmallRequests.measure(pipeline, Duration.ofSeconds(size.name().equals("smoke") ? 3 : 15));
            results.higher("intake, " + SmallRequests.CLIENTS + " clients: 1-event requests (events/s)", "events/s",
                    small.oneEventPerSecond(), "100-event requests", small.hundredEventsPerSecond(), ">= 0.2x");
            results.lower("intake, " + SmallRequests.CLIENTS + " clients: request p50, 1 event", "ms",
                    small.oneEventRequestP50Ms(), "100 events", small.hundredEventsRequestP50Ms(), null);
            // the limit of the row above: what the same clients get from a request that does nothing (no target)
            results.higher("intake, " + SmallRequests.CLIENTS + " clients: 1-event requests vs the HTTP floor", "req/s",
                    small.oneEventPerSecond(), "liveness GETs (no work)", small.floorRequestsPerSecond(), null);
            results.fact("intakeFloorRequestP50Ms", small.floorRequestP50Ms());
            results.fact("intakeRefusedRequests1Event", small.oneEventRefused());
            results.fact("intakeRefusedRequests100Events", small.hundredEventsRefused());
        }
        results.write(output);
        System.out.println(results.markdown());
        return results;
    }

    /** The proxy's one-way delay: {@code -Dbench.one-way-delay-ms} (default 0.25, i.e. a 0.5 ms round trip). */
    static Duration oneWayDelay() {
        double millis = Double.parseDouble(System.getProperty("bench.one-way-delay-ms", "0.25"));
        return Duration.ofNanos((long) (millis * 1e6));
    }

    private static double writeSide(Results results, PostgresServer postgres, KafkaBroker kafka, Network network,
                                    Corpus corpus, BenchSize size) throws Exception {
        var latest = corpus.latest();
        double copyRows = latest.size() / seconds(CopyLimit.copy(migrated(postgres, "bench_copy"), latest));
        results.higher("COPY (binary) of the final rows", "rows/s", copyRows, null, null, null);
        double writeRows = latest.size() / seconds(WriteAlone.write(migrated(postgres, "bench_write"), latest, 1000));
        results.higher("the worker's write statement alone, batches of 1,000 with a commit each (rows/s)", "rows/s",
                writeRows, "COPY", copyRows, null);

        var drain = new WorkerDrain(postgres, kafka, network);
        var first = drain.drain(corpus.events(), 1, 1000);
        double rowsPerSecond = first.eventsPerSecond() * latest.size() / corpus.events().size();
        results.higher("worker drain, 1 instance (rows/s)", "rows/s", rowsPerSecond, "COPY", copyRows, ">= 0.6x COPY");
        results.higher("worker drain, 1 instance", "events/s", first.eventsPerSecond(), null, null, null);
        profile(results, first, corpus.events().size());

        var peer = new JdbcSinkPeer(postgres, kafka).drain(corpus.events(), 1000);
        // the same corpus, the same schema, one consumer each; the peer's rate is estimated from its first rows on
        results.fact("peerEventsPerSecond", peer.eventsPerSecond());
        results.higher("worker drain vs Debezium JDBC sink (Kafka Connect, upsert, 1 task)", "rows/s", rowsPerSecond,
                "JDBC sink 3.6.0", peer.eventsPerSecond() * latest.size() / corpus.events().size(), ">= 1.0x peer");

        var delayed = drain.drain(corpus.events(), 1, 1000, true);
        var legacyEvents = corpus.events().subList(0, Math.min(size.legacyEvents(), corpus.events().size()));
        var legacy = new Results.Both(legacy(postgres, network, legacyEvents, false),
                legacy(postgres, network, legacyEvents, true));
        results.higher("worker drain vs legacy per-row ingest", "events/s",
                new Results.Both(first.eventsPerSecond(), delayed.eventsPerSecond()),
                "per row SELECT + INSERT/UPDATE + commit", legacy, ">= 50x");

        resync(results, drain, first, corpus);
        new BulkAndStats(network, size.bulkIds()).measure(results, first.databaseName(),
                corpus.events().getFirst().tenantId().toString());
        var two = drain.drain(corpus.events(), 2, 1000);
        results.higher("worker drain, 2 instances", "events/s", two.eventsPerSecond(), "1 instance",
                first.eventsPerSecond(), null);
        statementsPerBatch(results, drain, corpus);
        return first.eventsPerSecond();
    }

    /** Where the first drain's batches spent their time in PostgreSQL, beside the batch's wall time. */
    private static void profile(Results results, WorkerDrain.Drained drained, int events) {
        double batches = BatchProfile.batches(drained.database());
        results.fact("drainBatches", batches);
        results.lower("drain profile: wall time per batch (" + Math.round(events / batches) + " events)", "ms",
                events / drained.eventsPerSecond() / batches * 1000, null, null, null);
        for (var share : BatchProfile.of(drained.database())) {
            results.lower("drain profile: PostgreSQL executing '" + share.statement() + "' per batch", "ms",
                    share.millis(), null, null, null);
        }
    }

    /** The legacy per-row ingest of {@code events} into a fresh database; events per second. */
    private static double legacy(PostgresServer postgres, Network network, List<DocumentEvent> events,
                                 boolean delayed) throws Exception {
        var name = migrate(postgres, "bench_legacy");
        try (var database = delayed ? network.delayed(name) : network.direct(name)) {
            return events.size() / seconds(LegacyPattern.ingest(database, events));
        }
    }

    /**
     * Statements per micro-batch at batch sizes the worker runs with (its default max-poll-records is 1000): the
     * store's statements of a batch against DESIGN's target of at most 3 plus the offsets upsert, and apart the
     * per-tenant model loads, which run outside the batch's transaction and only for tenants whose model is
     * missing or older than model-refresh (5 min): on a fresh worker every batch meets new tenants.
     */
    private static void statementsPerBatch(Results results, WorkerDrain drain, Corpus corpus) throws Exception {
        for (int batch : new int[] {100, 1000}) {
            var events = corpus.events().subList(0, Math.min(batch * 30, corpus.events().size()));
            var counted = drain.drain(events, 1, batch);
            var count = StatementCount.of(counted.database());
            results.fact("averageBatchAtMaxPoll" + batch, count.eventsPerBatch(events.size()));
            results.lower("statements per micro-batch at max-poll-records " + batch + " (offsets upsert apart)",
                    "stmts", count.perBatch(), null, null, "<= 3 plus the offsets upsert");
            results.lower("per-tenant model loads per micro-batch at max-poll-records " + batch
                    + " (outside the batch transaction)", "stmts", count.modelLoadsPerBatch(), null, null, null);
        }
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

    interface Timed {
        long nanos() throws Exception;
    }

    /** The median in ms of {@code runs} timed runs after one warm-up run. */
    static double median(int runs, Timed timed) throws Exception {
        var millis = new double[runs];
        timed.nanos();
        for (int i = 0; i < millis.length; i++) {
            millis[i] = timed.nanos() / 1e6;
        }
        return ReadSide.median(millis);
    }

    static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    static DataSource migrated(PostgresServer postgres, String prefix) {
        return dataSource(postgres, migrate(postgres, prefix));
    }

    /** A fresh database migrated as deployed; returns its name. */
    static String migrate(PostgresServer postgres, String prefix) {
        var database = postgres.createDatabase(prefix);
        // as deployed: the logins provisioned, the owner migrates (the bench itself then works as the superuser)
        var logins = DatabaseLogins.generate();
        logins.provision(postgres, database);
        Flyway.configure().dataSource(postgres.jdbcUrl(database), logins.ownerLogin().user(),
                logins.ownerLogin().password()).load().migrate();
        return database;
    }

    /** The superuser on {@code database}, a new connection per use (setup and inspection, not timed comparisons). */
    static DataSource dataSource(PostgresServer postgres, String database) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(database));
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
