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
                operation(op),
                UUID.fromString(row.getString("tenant_id")),
                row.getString("external_id"),
                row.getInt64("version") == null ? 0 : row.getInt64("version"),
                row.schema().field("category") == null ? null : row.getString("category"),
                row.schema().field("classification_status") == null ? null : row.getString("classification_status"),
                "d".equals(op) || (row.schema().field("deleted_at") != null && row.get("deleted_at") != null),
                lsn(source.getInt64("lsn")),
                Instant.ofEpochMilli(source.getInt64("ts_ms"))));
    }

    private static String operation(String op) {
        return switch (op) {
            case "c", "r" -> "created";
            case "d" -> "removed";
            default -> "updated";
        };
    }

    /** The LSN in PostgreSQL's own notation, e.g. {@code 0/16B3748}. */
    static String lsn(Long lsn) {
        return lsn == null ? null : Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
