package dev.secondbrain.worker.store;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.schemas.EventCodec;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The one statement that writes a batch: upserts and source tombstones together, version-guarded in SQL
 * as well (another worker may have written the key since the batch read it). Rows are inserted in array
 * order, which is key order, so concurrent writers lock keys in the same order and cannot deadlock.
 */
final class DocumentRows {

    /*
     * Guard, by who made the stored tombstone (DESIGN.md's provenance table; the plan decided the same in Java, the
     * guard holds it against anything written since the plan's read):
     * - a delete (source tombstone, content erased at once) replaces a live row or a sweep or user tombstone at
     *   its version or older, and a source tombstone only from a higher version;
     * - an upsert never replaces a user tombstone (only restore does); it replaces a live row or a source
     *   tombstone from a higher version, and a sweep tombstone from its version on (the source still has it).
     * A tombstone keeps the row's classification; a confirmed classification survives edits. Every row written
     * takes a new applied_seq, so a full sync that opened earlier never sweeps it.
     */
    private static final String WRITE = """
            insert into documents as d (tenant_id, external_id, source, version, title, content, mime_type, url,
                author, source_created_at, source_updated_at, metadata, content_hash, category, confidence,
                classification_status, deleted_at, deleted_by, last_sync_id, purged_at, applied_seq, last_change)
            select t.tenant_id, t.external_id, t.source, t.version, t.title, t.content, t.mime_type, t.url,
                t.author, t.created::timestamptz, t.updated::timestamptz, coalesce(t.metadata::jsonb, '{}'),
                t.content_hash, t.category, t.confidence, coalesce(t.status, 'classified'),
                case when t.deleted then now() end, case when t.deleted then 'source' end, t.sync_id,
                case when t.deleted then now() end, nextval('document_applied_seq'),
                case when t.deleted then 'deleted' else 'updated' end
            from unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::real[], ?::text[],
                        ?::boolean[], ?::uuid[])
                as t(tenant_id, external_id, source, version, title, content, mime_type, url, author, created,
                     updated, metadata, content_hash, category, confidence, status, deleted, sync_id)
            on conflict (tenant_id, external_id) do update set
                source = excluded.source, version = excluded.version, title = excluded.title,
                content = excluded.content, mime_type = excluded.mime_type, url = excluded.url,
                author = excluded.author, source_created_at = excluded.source_created_at,
                source_updated_at = excluded.source_updated_at, metadata = excluded.metadata,
                content_hash = excluded.content_hash,
                category = case when excluded.deleted_at is null and d.classification_status <> 'confirmed'
                    then excluded.category else d.category end,
                confidence = case when excluded.deleted_at is null and d.classification_status <> 'confirmed'
                    then excluded.confidence else d.confidence end,
                classification_status = case when excluded.deleted_at is null and d.classification_status <> 'confirmed'
                    then excluded.classification_status else d.classification_status end,
                deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by, purged_at = excluded.purged_at,
                deleted_sync_id = null, deleted_job_id = null, deleted_key_id = null,
                applied_seq = excluded.applied_seq,
                last_change = case when excluded.deleted_at is not null then 'deleted'
                                   when d.deleted_at is not null then 'restored' else 'updated' end,
                last_sync_id = coalesce(excluded.last_sync_id, d.last_sync_id), updated_at = now()
            where case when excluded.deleted_at is not null
                       then excluded.version > d.version
                            or (excluded.version = d.version and d.deleted_by is distinct from 'source')
                       else d.deleted_by is distinct from 'user'
                            and (excluded.version > d.version
                                 or (excluded.version = d.version and d.deleted_by = 'sync'))
                  end
            """;

    private static final Comparator<Change> KEY_ORDER =
            Comparator.comparing((Change c) -> c.received().event(), Documents.KEY_ORDER);

    private final JdbcTemplate jdbc;
    private final boolean sortKeys;

    DocumentRows(JdbcTemplate jdbc, boolean sortKeys) {
        this.jdbc = jdbc;
        this.sortKeys = sortKeys;
    }

    int write(List<Change> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        var rows = sortKeys ? changes.stream().sorted(KEY_ORDER).toList() : changes;
        return jdbc.update(WRITE, ps -> bind(SqlArrays.on(ps), rows));
    }

    private static void bind(SqlArrays arrays, List<Change> rows) throws SQLException {
        var columns = new Columns(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            columns.set(i, rows.get(i));
        }
        columns.bind(arrays);
    }

    /** One typed array per column: pgjdbc encodes {@code byte[][]}, {@code Long[]}... natively. */
    private static final class Columns {
        final UUID[] tenant;
        final String[] id, source, title, content, mime, url, author, created, updated, metadata, category, status;
        final Long[] version;
        final byte[][] hash;
        final Float[] confidence;
        final Boolean[] deleted;
        final UUID[] sync;

        Columns(int n) {
            tenant = new UUID[n];
            sync = new UUID[n];
            id = new String[n]; source = new String[n]; title = new String[n]; content = new String[n];
            mime = new String[n]; url = new String[n]; author = new String[n]; created = new String[n];
            updated = new String[n]; metadata = new String[n]; category = new String[n]; status = new String[n];
            version = new Long[n];
            hash = new byte[n][];
            confidence = new Float[n];
            deleted = new Boolean[n];
        }

        void set(int i, Change change) {
            DocumentEvent event = change.received().event();
            tenant[i] = event.tenantId();
            id[i] = event.externalId();
            source[i] = event.source();
            version[i] = event.version();
            deleted[i] = event instanceof DocumentDeleted;
            sync[i] = event.syncId();
            if (event instanceof DocumentUpserted upserted) {
                title[i] = upserted.title();
                content[i] = upserted.content();
                mime[i] = upserted.mimeType();
                url[i] = upserted.url();
                author[i] = upserted.author();
                created[i] = text(upserted.sourceCreatedAt());
                updated[i] = text(upserted.sourceUpdatedAt());
                metadata[i] = EventCodec.mapper().writeValueAsString(upserted.metadata());
                hash[i] = change.contentHash();
                category[i] = change.classification().category();
                confidence[i] = (float) change.classification().confidence();
                status[i] = change.classification().status();
            }
        }

        void bind(SqlArrays arrays) throws SQLException {
            arrays.bind("uuid", tenant).bind("text", id).bind("text", source).bind("int8", version)
                    .bind("text", title).bind("text", content).bind("text", mime).bind("text", url)
                    .bind("text", author).bind("text", created).bind("text", updated).bind("text", metadata)
                    .bind("bytea", hash).bind("text", category).bind("float4", confidence).bind("text", status)
                    .bind("bool", deleted).bind("uuid", sync);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
