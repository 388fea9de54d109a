package dev.secondbrain.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * The latency–recall trade-off of broad search with what PostgreSQL alone can do. The read side's documents carry
 * {@link #WORDS} words ({@code kappa0} ..) each in a quarter of the documents with a term frequency of 1 to 4, a few
 * in a title, and spread {@code updated_at}; {@link #QUERIES} queries each match a quarter of the tenant. The truth is
 * the API's order over every match ({@code ts_rank} descending, then external id); each strategy is scored by
 * recall@20 against it and by its p95, all in SQL on a local socket, the same connection for all.
 */
final class BroadSearch {

    static final int WORDS = 20;
    static final int QUERIES = 200;
    private static final int TOP = 20;

    /** Words of the content: word j in a quarter of the documents (by a hash of i and j), repeated 1 to 4 times. */
    static String contentWords() {
        var words = new StringBuilder();
        for (int j = 0; j < WORDS; j++) {
            var hash = "hashint4(i * " + WORDS + " + " + j + ")";
            words.append(" || case when ").append(hash).append(" & 3 = 0 then repeat(' kappa").append(j)
                    .append("', 1 + (").append(hash).append(" >> 2 & 3)) else '' end");
        }
        return words.toString();
    }

    /** About one title in 256 names one of the words, so each word is in the title of ~0.02 % of the documents. */
    static final String TITLE_WORD = "case when hashint4(i) & 255 = 0 then ' kappa' || ((hashint4(i) >> 8 & 65535) % "
            + WORDS + ") else '' end";
    /** Recency uncorrelated with the external id: within the last ~12 days. */
    static final String UPDATED_AT = "now() - make_interval(secs => hashint4(i + 7) & 1048575)";

    private static final String MATCH = "tenant_id = :tenant and deleted_at is null and search @@ websearch_to_tsquery('english', :q)";
    private static final String RANKED = " order by ts_rank(search, websearch_to_tsquery('english', :q)) desc, external_id limit " + TOP;

    /** A way to answer a broad query: its name and its SQL (parameters :tenant, :q, :n). */
    record Strategy(String name, String sql, int n) {
    }

    record Point(String strategy, double p95, double recall) {
    }

    static List<Strategy> strategies(int documents) {
        var strategies = new ArrayList<Strategy>();
        strategies.add(new Strategy("exact: every match ranked (the API today)",
                "select external_id from documents where " + MATCH + RANKED, 0));
        for (int n : new int[] {1_000, 5_000, 20_000, documents / 16}) {
            strategies.add(new Strategy("the " + n + " newest matches ranked", """
                    select external_id from (select external_id, search from documents where %s
                                             order by updated_at desc limit :n) c %s""".formatted(MATCH, RANKED), n));
        }
        for (int n : new int[] {1_000, 20_000}) {
            strategies.add(new Strategy("title matches (a title index) + the " + n + " newest matches ranked", """
                    select external_id from (
                        (select external_id, search from documents where %s
                           and to_tsvector('english', coalesce(title, '')) @@ websearch_to_tsquery('english', :q))
                        union
                        (select external_id, search from documents where %s order by updated_at desc limit :n)) c %s"""
                    .formatted(MATCH, MATCH, RANKED), n));
        }
        return strategies;
    }

    /** The fixed sample: each word alone, and with one of 9 rare words excluded (still ~25 % of the tenant). */
    static List<String> queries() {
        var queries = new ArrayList<String>();
        for (int j = 0; j < WORDS; j++) {
            queries.add("kappa" + j);
            for (int k = 1; k <= QUERIES / WORDS - 1; k++) {
                queries.add("kappa" + j + " -zebra" + (k * 97 + j));
            }
        }
        return queries;
    }

    static List<Point> measure(DataSource database, UUID tenant, int documents) throws Exception {
        var jdbc = JdbcClient.create(database);
        // the title strategy needs its own index; the store does not have it (this is a study of what it would take)
        jdbc.sql("create index if not exists bench_title_search on documents using gin (to_tsvector('english', coalesce(title, '')))").update();
        jdbc.sql("analyze documents").update();
        var queries = queries();
        var truth = new ArrayList<List<String>>();
        var points = new ArrayList<Point>();
        for (var strategy : strategies(documents)) {
            var millis = new double[queries.size()];
            double recall = 0;
            run(jdbc, strategy, tenant, queries.getFirst()); // warm-up
            for (int q = 0; q < queries.size(); q++) {
                long start = System.nanoTime();
                var found = run(jdbc, strategy, tenant, queries.get(q));
                millis[q] = (System.nanoTime() - start) / 1e6;
                if (truth.size() < queries.size()) {
                    truth.add(found); // the first strategy is the exact one
                }
                recall += recall(truth.get(q), found);
            }
            points.add(new Point(strategy.name(), ReadSide.percentile(millis, 95), recall / queries.size()));
        }
        return points;
    }

    private static List<String> run(JdbcClient jdbc, Strategy strategy, UUID tenant, String q) {
        var statement = jdbc.sql(strategy.sql()).param("tenant", tenant).param("q", q);
        if (strategy.n() > 0) {
            statement = statement.param("n", strategy.n());
        }
        return statement.query(String.class).list();
    }

    static double recall(List<String> truth, List<String> found) {
        if (truth.isEmpty()) {
            return 1;
        }
        var hits = new HashSet<>(found);
        hits.retainAll(truth);
        return (double) hits.size() / truth.size();
    }
}
