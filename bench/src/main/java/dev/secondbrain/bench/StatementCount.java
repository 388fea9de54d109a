package dev.secondbrain.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/**
 * Statements the worker ran per micro-batch, from pg_stat_statements of the drain's database: every
 * statement that reads or writes documents, sync progress or offsets, divided by the number of offset writes
 * (one per committed batch). Not counted: the schema migration, the offset read at partition assignment,
 * transaction control, the full-sync sweeper's periodic look for a sync to sweep and the retention purge's
 * periodic chunk (neither is part of any batch), the migration's backfills, and the benchmark's own polling of
 * the offsets.
 */
final class StatementCount {

    private static final String PER_BATCH = """
            select sum(calls)::float8 / nullif(sum(calls) filter (where query ilike '%insert into consumer_offsets%'), 0)
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and (query ilike '%documents%' or query ilike '%consumer_offsets%' or query ilike '%sync_runs%')
              and query !~* '^\\s*(create|alter|comment|grant|do|insert into "public"."flyway)'
              and query not ilike 'select kafka_partition, next_offset from consumer_offsets%'
              and query not ilike 'select s.tenant_id, s.sync_id, s.source, s.state, s.to_delete%'
              and query not ilike 'select coalesce(sum(next_offset)%'
              and query not ilike 'with due as%'
              and query not ilike 'update documents set purged_at = deleted_at%'
              and query not ilike 'update sync_runs set opened_seq%'
              and query not ilike '%pg_stat_statements%'""";

    private StatementCount() {
    }

    static double perBatch(DataSource database) {
        Double value = JdbcClient.create(database).sql(PER_BATCH).query(Double.class).single();
        return value == null ? Double.NaN : value;
    }
}
