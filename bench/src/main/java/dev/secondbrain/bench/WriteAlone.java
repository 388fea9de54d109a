package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.worker.classify.Classification;
import dev.secondbrain.worker.dedup.Received;
import dev.secondbrain.worker.store.Change;
import dev.secondbrain.worker.store.ContentHash;
import dev.secondbrain.worker.store.Documents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/**
 * The worker's write statement alone ({@link Documents#write}: the guarded {@code INSERT ... ON CONFLICT}), fed the
 * rows COPY writes, in the worker's batches with a commit each, and nothing else: no Kafka, no parsing, no
 * classification, no stored-state read. Beside COPY it says how much of the drain's distance to COPY is the statement.
 */
final class WriteAlone {

    private WriteAlone() {
    }

    /** Writes {@code rows} in batches of {@code batch} (hashes and classifications made beforehand); elapsed ns. */
    static long write(DataSource dataSource, List<DocumentEvent> rows, int batch) throws SQLException {
        var changes = rows.stream().map(WriteAlone::change).toList();
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            var documents = new Documents(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
            long start = System.nanoTime();
            for (int from = 0; from < changes.size(); from += batch) {
                documents.write(changes.subList(from, Math.min(changes.size(), from + batch)));
                connection.commit();
            }
            return System.nanoTime() - start;
        }
    }

    /** The row the worker would write for {@code event} (classified as the COPY row is). */
    static Change change(DocumentEvent event) {
        var received = new Received(event, null);
        return event instanceof DocumentUpserted upserted
                ? new Change(received, ContentHash.of(upserted), new Classification("work", 0.9, Classification.CLASSIFIED))
                : Change.tombstone(received);
    }
}
