package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The physical limit: binary COPY of the corpus's final rows into the same schema (GIN, generated tsvector
 * and counter triggers included), in one transaction. Deleted documents are copied as tombstones.
 */
final class CopyLimit {

    /** The columns COPY writes, in the order {@link #encode} gives them. */
    static final String COLUMNS = """
            tenant_id, external_id, source, version, title, content, mime_type, url, author, source_created_at,
            source_updated_at, metadata, content_hash, category, confidence, classification_status, deleted_at, deleted_by""";
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private CopyLimit() {
    }

    /** Copies the rows and returns the elapsed nanoseconds. */
    static long copy(DataSource dataSource, List<DocumentEvent> rows) throws SQLException, IOException {
        var bytes = encode(rows);
        long start = System.nanoTime();
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            copyIn(connection, "documents", bytes);
            connection.commit();
        }
        return System.nanoTime() - start;
    }

    /** Binary COPY of {@link #encode encoded} rows into {@code table}, which has at least {@link #COLUMNS}. */
    static void copyIn(Connection connection, String table, byte[] encoded) throws SQLException, IOException {
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy " + table + " (" + COLUMNS + ") from stdin (format binary)", new ByteArrayInputStream(encoded));
    }

    static byte[] encode(List<DocumentEvent> rows) throws IOException {
        var buffer = new ByteArrayOutputStream(rows.size() * 1400);
        var out = new DataOutputStream(buffer);
        out.writeBytes("PGCOPY\n");
        out.write(new byte[] {(byte) 0xFF, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        for (var row : rows) {
            out.writeShort(18);
            uuid(out, row.tenantId());
            text(out, row.externalId());
            text(out, row.source());
            out.writeInt(8);
            out.writeLong(row.version());
            switch (row) {
                case DocumentUpserted u -> upserted(out, u);
                case dev.secondbrain.schemas.DocumentDeleted d -> tombstone(out);
            }
        }
        out.writeShort(-1);
        return buffer.toByteArray();
    }

    private static void upserted(DataOutputStream out, DocumentUpserted u) throws IOException {
        text(out, u.title());
        text(out, u.content());
        text(out, u.mimeType());
        text(out, u.url());
        text(out, u.author());
        timestamp(out, u.sourceCreatedAt());
        timestamp(out, u.sourceUpdatedAt());
        jsonb(out, "{\"folder\":\"" + u.metadata().get("folder") + "\"}");
        var hash = sha256(u.content());
        out.writeInt(hash.length);
        out.write(hash);
        text(out, "work");
        out.writeInt(4);
        out.writeFloat(0.9f);
        text(out, "classified");
        out.writeInt(-1);
        out.writeInt(-1);
    }

    private static void tombstone(DataOutputStream out) throws IOException {
        for (int i = 0; i < 7; i++) {
            out.writeInt(-1);
        }
        jsonb(out, "{}");
        out.writeInt(-1);
        out.writeInt(-1);
        out.writeInt(-1);
        text(out, "classified");
        timestamp(out, Instant.now());
        text(out, "source");
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        var bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void jsonb(DataOutputStream out, String json) throws IOException {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.writeByte(1); // jsonb binary format version
        out.write(bytes);
    }

    private static void uuid(DataOutputStream out, UUID value) throws IOException {
        out.writeInt(16);
        out.writeLong(value.getMostSignificantBits());
        out.writeLong(value.getLeastSignificantBits());
    }

    private static void timestamp(DataOutputStream out, Instant value) throws IOException {
        out.writeInt(8);
        out.writeLong(value.getEpochSecond() * 1_000_000L + value.getNano() / 1000 - POSTGRES_EPOCH_MICROS);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
