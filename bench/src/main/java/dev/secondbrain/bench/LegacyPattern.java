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
 * SELECT, then an INSERT or UPDATE, and a commit; bulk operations as a loop of a SELECT and an UPDATE per id, each
 * id committed; statistics as eight separate COUNT queries; a list page as a COUNT of the filter and an OFFSET
 * query. Every round trip it makes is paid again when it runs through {@link DelayProxy}.
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
    private static final String FIND_ONE = """
            select classification_status, category, deleted_at from documents
            where tenant_id = ?::uuid and external_id = ?""";
    private static final String CONFIRM_ONE = """
            update documents set classification_status = 'confirmed', last_change = 'updated', updated_at = now()
            where tenant_id = ?::uuid and external_id = ?""";
    private static final String CLASSIFY_ONE = """
            update documents set category = 'personal', classification_status = 'confirmed', last_change = 'updated',
                   updated_at = now()
            where tenant_id = ?::uuid and external_id = ?""";
    private static final String DELETE_ONE = """
            update documents set deleted_at = now(), deleted_by = 'user', deleted_key_id = ?::uuid,
                   last_change = 'deleted', updated_at = now()
            where tenant_id = ?::uuid and external_id = ?""";
    private static final String COUNT_PAGES = """
            select count(*) from documents where tenant_id = ?::uuid and deleted_at is null""";
    private static final String OFFSET_PAGE = """
            select external_id, title from documents where tenant_id = ?::uuid and deleted_at is null
            order by external_id offset ? limit ?""";
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

    /** Applies the events one by one, each committed; returns elapsed nanoseconds. */
    static long ingest(DataSource dataSource, List<DocumentEvent> events) throws SQLException {
        long start = System.nanoTime();
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (var event : events) {
                apply(c, event);
                c.commit();
            }
        }
        return System.nanoTime() - start;
    }

    /** The legacy bulk operations: per id the row is read, then updated if it is live, and committed. */
    enum Bulk {
        CONFIRM(CONFIRM_ONE), CLASSIFY(CLASSIFY_ONE), DELETE(DELETE_ONE);

        final String perId;

        Bulk(String perId) {
            this.perId = perId;
        }
    }

    /** The key a legacy delete records as the one that asked (the set-based side records one too). */
    static final String DELETING_KEY = "00000000-0000-4000-8000-000000000001";

    /** A timed run and the rows it changed. */
    record Run(long nanos, int changed) {
    }

    /** Per id a SELECT of the row and its UPDATE, each id committed; the time and the rows changed. */
    static Run loop(Bulk operation, DataSource dataSource, String tenant, List<String> externalIds) throws SQLException {
        long start = System.nanoTime();
        int changed = 0;
        try (var c = dataSource.getConnection(); var find = c.prepareStatement(FIND_ONE);
             var update = c.prepareStatement(operation.perId)) {
            c.setAutoCommit(false);
            for (var id : externalIds) {
                find.setString(1, tenant);
                find.setString(2, id);
                try (var row = find.executeQuery()) {
                    if (!row.next() || row.getObject(3) != null) {
                        c.commit();
                        continue;
                    }
                }
                int at = 1;
                if (operation == Bulk.DELETE) {
                    update.setString(at++, DELETING_KEY);
                }
                update.setString(at++, tenant);
                update.setString(at, id);
                changed += update.executeUpdate();
                c.commit();
            }
        }
        return new Run(System.nanoTime() - start, changed);
    }

    /** A list page the legacy way: COUNT of the filter for the page count, then OFFSET; elapsed nanoseconds. */
    static long page(DataSource dataSource, String tenant, int offset, int limit) throws SQLException {
        long start = System.nanoTime();
        try (var c = dataSource.getConnection(); var count = c.prepareStatement(COUNT_PAGES);
             var page = c.prepareStatement(OFFSET_PAGE)) {
            count.setString(1, tenant);
            count.executeQuery().close();
            page.setString(1, tenant);
            page.setInt(2, offset);
            page.setInt(3, limit);
            page.executeQuery().close();
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
