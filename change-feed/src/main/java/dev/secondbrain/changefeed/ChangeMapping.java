package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.DocumentChanged;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Turns a Debezium change record of the documents table into a {@link DocumentChanged}. */
final class ChangeMapping {

    static final String DOCUMENTS_TOPIC = "pipeline.public.documents";

    private ChangeMapping() {
    }

    /** The change, or empty for records that are not row changes of documents (heartbeats, other tables). */
    static Optional<DocumentChanged> from(SourceRecord record) {
        if (!DOCUMENTS_TOPIC.equals(record.topic()) || !(record.value() instanceof Struct value)) {
            return Optional.empty();
        }
        var op = value.getString("op");
        var row = "d".equals(op) ? value.getStruct("before") : value.getStruct("after");
        if (row == null) {
            return Optional.empty();
        }
        var source = value.getStruct("source");
        return Optional.of(new DocumentChanged(
                operation(op, text(row, "last_change")),
                UUID.fromString(row.getString("tenant_id")),
                row.getString("external_id"),
                row.getInt64("version") == null ? 0 : row.getInt64("version"),
                row.schema().field("category") == null ? null : row.getString("category"),
                row.schema().field("classification_status") == null ? null : row.getString("classification_status"),
                "d".equals(op) || (row.schema().field("deleted_at") != null && row.get("deleted_at") != null),
                "d".equals(op) ? null : text(row, "deleted_by"),
                lsn(source.getInt64("lsn")),
                Instant.ofEpochMilli(source.getInt64("ts_ms"))));
    }

    /**
     * Debezium gives the new row only (no before-image: REPLICA IDENTITY FULL would log whole rows), so every
     * writer records in {@code last_change} what its write did to the row's deletion state.
     */
    private static String operation(String op, String lastChange) {
        if ("d".equals(op)) {
            return "removed";
        }
        if ("deleted".equals(lastChange) || "restored".equals(lastChange) || "purged".equals(lastChange)) {
            return lastChange;
        }
        return "c".equals(op) || "r".equals(op) ? "created" : "updated";
    }

    private static String text(Struct row, String field) {
        return row.schema().field(field) == null ? null : row.getString(field);
    }

    /** The LSN in PostgreSQL's own notation, e.g. {@code 0/16B3748}. */
    static String lsn(Long lsn) {
        return lsn == null ? null : Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
