package dev.secondbrain.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.List;

/**
 * Where a drained batch's time goes on PostgreSQL's side, from pg_stat_statements of the drain's database (reset
 * before the drain): execution time per batch of each of the worker's statements, and the commit (WAL flush,
 * fsync on) as what the batch's wall time leaves beside them. Parsing, classifying and Kafka are the worker's
 * side: the remainder of the batch's wall time.
 */
final class BatchProfile {

    private static final String BY_STATEMENT = """
            select statement, sum(total_exec_time)::float8 as millis from (
                select case when query ilike 'select d.tenant_id, d.external_id, d.version%' then 'read stored state'
                            when query ilike 'insert into documents as d%' then 'write upserts and tombstones'
                            when query ilike 'with locked as%' then 'mark unchanged seen'
                            when query ilike '%insert into consumer_offsets%' then 'offsets upsert'
                            when query ilike 'with fingerprint as%' then 'per-tenant model loads'
                            when query ilike 'commit%' then 'commit'
                       end as statement, total_exec_time
                from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())) s
            where statement is not null
            group by statement order by millis desc
            """;
    private static final String BATCHES = """
            select coalesce(sum(calls), 0)::float8 from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and query ilike '%insert into consumer_offsets%'""";

    /** Milliseconds per batch spent executing one kind of statement. */
    record Share(String statement, double millis) {
    }

    private BatchProfile() {
    }

    /** Per batch: each statement kind's execution time, in ms. */
    static List<Share> of(DataSource database) {
        var jdbc = JdbcClient.create(database);
        double batches = jdbc.sql(BATCHES).query(Double.class).single();
        return jdbc.sql(BY_STATEMENT).query((row, n) -> new Share(row.getString(1), row.getDouble(2) / batches)).list();
    }

    static double batches(DataSource database) {
        return JdbcClient.create(database).sql(BATCHES).query(Double.class).single();
    }
}
