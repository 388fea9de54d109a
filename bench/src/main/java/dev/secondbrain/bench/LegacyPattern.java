package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The pattern the pipeline replaces, reproduced on the same schema for a side-by-side ratio: per event a
 * SELECT, then an INSERT or UPDATE, committed row by row; bulk operations as a loop of one UPDATE per id;
 * statistics as eight separate COUNT queries.
 */
final class LegacyPattern {

    private static final String FIND = "select version from documents where tenant_id = ? and external_id = ?";
    private static final String INSERT = """
            insert into documents (tenant_id, external_id, source, version, title, content, mime_type, url, author,
                                   source_created_at, source_updated_at, content_hash, category, confidence)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, sha256(convert_to(?, 'UTF8')), 'work', 0.9)""";
    private static final String UPDATE = """
            update documents set version = ?, title = ?, content = ?, updated_at = now(),
                   content_hash = sha256(convert_to(?, 'UTF8'))
            where tenant_id = ? and external_id = ?""";
    private static final String TOMBSTONE = """
            update documents set version = ?, title = null, content = null, deleted_at = now(), deleted_by = 'source'
            where tenant_id = ? and external_id = ?""";
    private static final String CONFIRM_ONE = """
            update documents set classification_status = 'confirmed' where tenant_id = ?::uuid and external_id = ?""";
    private static final String CLASSIFY_ONE = """
            update documents set category = 'personal', classification_status = 'confirmed'
            where tenant_id = ?::uuid and external_id = ?""";
    private static final String DELETE_ONE = """
            update documents set deleted_at = now(), deleted_by = 'user', content = null, title = null
            where tenant_id = ?::uuid and external_id = ? and deleted_at is null""";
    private static final String[] STATS = {
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and classification_status = 'classified'",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and classification_status = 'needs_review'",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and classification_status = 'confirmed'",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and category = 'work'",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and category = 'personal'",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and category = 'spam'",
            "select count(*) from documents where tenant_id = ?::uuid and deleted_at is null and category = 'other'"};

    private LegacyPattern() {
    }

    /** Applies the events one by one, autocommit; returns elapsed nanoseconds. */
    static long ingest(DataSource dataSource, List<DocumentEvent> events) throws SQLException {
        long start = System.nanoTime();
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (var event : events) {
                apply(c, event);
            }
        }
        return System.nanoTime() - start;
    }

    /** The legacy bulk operations: one UPDATE per id, each committed. */
    enum Bulk {
        CONFIRM(CONFIRM_ONE), CLASSIFY(CLASSIFY_ONE), DELETE(DELETE_ONE);

        final String perId;

        Bulk(String perId) {
            this.perId = perId;
        }
    }

    /** One UPDATE per id, each committed; returns elapsed nanoseconds. */
    static long loop(Bulk operation, DataSource dataSource, String tenant, List<String> externalIds) throws SQLException {
        long start = System.nanoTime();
        try (var c = dataSource.getConnection(); var update = c.prepareStatement(operation.perId)) {
            for (var id : externalIds) {
                update.setString(1, tenant);
                update.setString(2, id);
                update.executeUpdate();
            }
        }
        return System.nanoTime() - start;
    }

    /** Eight COUNT queries for one statistics page; returns elapsed nanoseconds. */
    static long statistics(DataSource dataSource, String tenant) throws SQLException {
        long start = System.nanoTime();
        try (var c = dataSource.getConnection()) {
            for (var sql : STATS) {
                try (var count = c.prepareStatement(sql)) {
                    count.setString(1, tenant);
                    count.executeQuery().close();
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static void apply(Connection c, DocumentEvent event) throws SQLException {
        var stored = storedVersion(c, event);
        if (stored != null && stored >= event.version()) {
            return;
        }
        boolean exists = stored != null;
        switch (event) {
            case DocumentUpserted u when !exists -> insert(c, u);
            case DocumentUpserted u -> update(c, u);
            case DocumentDeleted d when exists -> tombstone(c, d);
            case DocumentDeleted d -> { }
        }
    }

    private static Long storedVersion(Connection c, DocumentEvent event) throws SQLException {
        try (var find = c.prepareStatement(FIND)) {
            find.setObject(1, event.tenantId());
            find.setString(2, event.externalId());
            var rs = find.executeQuery();
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static void insert(Connection c, DocumentUpserted u) throws SQLException {
        try (var insert = c.prepareStatement(INSERT)) {
            insert.setObject(1, u.tenantId());
            insert.setString(2, u.externalId());
            insert.setString(3, u.source());
            insert.setLong(4, u.version());
            insert.setString(5, u.title());
            insert.setString(6, u.content());
            insert.setString(7, u.mimeType());
            insert.setString(8, u.url());
            insert.setString(9, u.author());
            insert.setTimestamp(10, Timestamp.from(u.sourceCreatedAt()));
            insert.setTimestamp(11, Timestamp.from(u.sourceUpdatedAt()));
            insert.setString(12, u.content());
            insert.executeUpdate();
        }
    }

    private static void update(Connection c, DocumentUpserted u) throws SQLException {
        try (var update = c.prepareStatement(UPDATE)) {
            update.setLong(1, u.version());
            update.setString(2, u.title());
            update.setString(3, u.content());
            update.setString(4, u.content());
            update.setObject(5, u.tenantId());
            update.setString(6, u.externalId());
            update.executeUpdate();
        }
    }

    private static void tombstone(Connection c, DocumentDeleted d) throws SQLException {
        try (var tombstone = c.prepareStatement(TOMBSTONE)) {
            tombstone.setLong(1, d.version());
            tombstone.setObject(2, d.tenantId());
            tombstone.setString(3, d.externalId());
            tombstone.executeUpdate();
        }
    }
}
