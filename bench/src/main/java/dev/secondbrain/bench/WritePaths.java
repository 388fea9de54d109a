package dev.secondbrain.bench;

import dev.secondbrain.embedded.PostgresServer;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.worker.store.Documents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.sql.Connection;
import java.util.Comparator;
import java.util.List;

/**
 * On demand (issue 19's candidates for the write path): the default corpus's final rows in the worker's batches of
 * 1,000 (keys sorted), a commit each, written three ways batch by batch in turn, each into its own freshly migrated
 * store on one PostgreSQL (fsync on): binary COPY (the limit at this batching); the worker's statement
 * ({@link Documents#write}: bound arrays, unnest, the guarded {@code INSERT ... ON CONFLICT}); and binary COPY into a
 * temporary table followed by the same guarded statement reading that table instead of the arrays.
 * {@code ./mvnw -q -DskipTests install && ./mvnw -q -pl bench spring-boot:run
 * -Dspring-boot.run.main-class=dev.secondbrain.bench.WritePaths}
 */
public final class WritePaths {

    private static final int BATCH = 1000;
    /** The temporary table read as the worker's statement reads its arrays (same names, same types). */
    private static final String STAGED = """
            (select tenant_id, external_id, source, version, title, content, mime_type, url, author,
                    source_created_at::text as created, source_updated_at::text as updated, metadata::text as metadata,
                    content_hash, category, confidence, classification_status as status, deleted_at is not null as deleted,
                    null::uuid as sync_id
             from staged order by tenant_id, external_id) as t""";

    private WritePaths() {
    }

    public static void main(String[] args) throws Exception {
        var rows = Corpus.generate(42, BenchSize.of("default").documents(), BenchSize.of("default").tenants()).latest();
        var guarded = guardedFromStaged();
        long[] nanos = new long[3];
        try (var postgres = PostgresServer.startThrowaway(true);
             var copy = connection(postgres); var statement = connection(postgres); var merge = connection(postgres)) {
            var documents = new Documents(new JdbcTemplate(new SingleConnectionDataSource(statement, true)));
            merge.createStatement().execute("create temp table staged on commit delete rows as select "
                    + CopyLimit.COLUMNS + " from documents limit 0");
            merge.commit();
            for (int from = 0; from < rows.size(); from += BATCH) {
                var batch = rows.subList(from, Math.min(rows.size(), from + BATCH)).stream()
                        .sorted(Comparator.comparing(DocumentEvent::tenantId).thenComparing(DocumentEvent::externalId))
                        .toList();
                var encoded = CopyLimit.encode(batch);
                var changes = batch.stream().map(WriteAlone::change).toList();
                nanos[0] += timed(copy, () -> CopyLimit.copyIn(copy, "documents", encoded));
                nanos[1] += timed(statement, () -> documents.write(changes));
                nanos[2] += timed(merge, () -> {
                    CopyLimit.copyIn(merge, "staged", encoded);
                    merge.createStatement().executeUpdate(guarded);
                });
            }
        }
        String[] paths = {"binary COPY", "the worker's statement (bound arrays)", "binary COPY to a temp table + guarded merge"};
        for (int i = 0; i < paths.length; i++) {
            System.out.printf("%-46s %,8.0f rows/s%n", paths[i], rows.size() / Bench.seconds(nanos[i]));
        }
        System.exit(0); // as Bench: not every thread of the embedded server is a daemon
    }

    private interface Work {
        void run() throws Exception;
    }

    private static long timed(Connection connection, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        connection.commit();
        return System.nanoTime() - start;
    }

    private static Connection connection(PostgresServer postgres) throws Exception {
        var connection = Bench.migrated(postgres, "write_paths").getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    /** The worker's own guarded statement (read from the class, so the two can never differ), fed by the table. */
    private static String guardedFromStaged() throws ReflectiveOperationException {
        var field = Class.forName("dev.secondbrain.worker.store.DocumentRows").getDeclaredField("WRITE");
        field.setAccessible(true);
        var write = (String) field.get(null);
        var guarded = write.replaceFirst("(?s)from unnest\\(.*?\\)\\s+as t\\(.*?\\)", java.util.regex.Matcher.quoteReplacement("from " + STAGED));
        if (guarded.equals(write)) {
            throw new IllegalStateException("the worker's statement no longer reads unnest(...) as t(...)");
        }
        return guarded;
    }
}
