package dev.secondbrain.api;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Counts statements the database executed, from pg_stat_statements (top-level statements only). */
record Statements(JdbcClient jdbc) {

    private static final String RESET = "select pg_stat_statements_reset()";
    private static final String CALLS = """
            select coalesce(sum(calls), 0) from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and query ilike ? and query not ilike '%pg_stat_statements%'
            """;

    void reset() {
        jdbc.sql(RESET).query((rs, n) -> 1).list();
    }

    /** Executions of statements whose text contains {@code fragment} (case-insensitive) since the reset. */
    long calls(String fragment) {
        return jdbc.sql(CALLS).param("%" + fragment + "%").query(Long.class).single();
    }
}
