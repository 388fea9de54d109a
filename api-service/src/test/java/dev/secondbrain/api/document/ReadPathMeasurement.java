package dev.secondbrain.api.document;

import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.schemas.ApiKeys;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * On-demand read-path measurement at 1M documents in one tenant (not part of the default build):
 * <pre>
 * ./mvnw -q -pl api-service verify -Dtest=ReadPathMeasurement -DexcludedGroups=none \
 *     -Dmeasurement.documents=1000000
 * </pre>
 * Prints latencies over HTTP (auth, tenant binding and JSON included) and, for the list, in SQL.
 */
@Tag("measurement")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.api.job-poll-interval=1h")
@WithPipelineInfrastructure
class ReadPathMeasurement {

    private static final int VOCABULARY = 5000;
    // One statement; ~30 words per document from a 5000-word vocabulary, so a word is in ~0.6 % of documents.
    private static final String CORPUS = """
            insert into documents (tenant_id, external_id, source, version, title, content, content_hash,
                                   category, confidence, classification_status)
            select :tenant, 'doc-' || lpad(i::text, 7, '0'), (array['slack', 'gmail', 'gdrive', 'notion'])[1 + i % 4], 1,
                   'Document ' || i,
                   (select string_agg('w' || ((i::bigint * 2654435761 + k * 40503) % 5000), ' ')
                    from generate_series(1, 30) k),
                   sha256(convert_to(i::text, 'UTF8')), 'category-' || (i % 12), 0.8,
                   (array['classified', 'needs_review', 'confirmed'])[1 + i % 3]
            from generate_series(1, :n) i
            """;
    private static final String OFFSET_PAGE = """
            select external_id from documents where tenant_id = ? and deleted_at is null
            order by external_id offset ? limit 51
            """;
    private static final String KEYSET_PAGE = """
            select external_id from documents where tenant_id = ? and deleted_at is null and external_id > ?
            order by external_id limit 51
            """;

    private static final String SEARCH_PLAN = """
            explain (analyze, buffers, costs off)
            select external_id, ts_rank(search, websearch_to_tsquery('english', 'w42 w4242')) as rank
            from documents where tenant_id = :tenant and deleted_at is null
              and search @@ websearch_to_tsquery('english', 'w42 w4242')
            order by rank desc, external_id limit 21
            """;

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }
    @Autowired
    Cursors cursors;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void measure() {
        int n = Integer.getInteger("measurement.documents", 1_000_000);
        var tenant = Tenant.of(UUID.randomUUID());
        var key = ApiKeys.generate();
        jdbc.sql("insert into tenants (tenant_id, name) values (?, 'measurement')").param(tenant.id()).update();
        jdbc.sql("insert into api_keys (tenant_id, key_id, key_hash) values (?, ?, ?)")
                .params(tenant.id(), UUID.randomUUID(), ApiKeys.hash(key)).update();

        long start = System.nanoTime();
        // the GIN index is built once after the load, as a bulk import would
        jdbc.sql("drop index documents_search").update();
        jdbc.sql(CORPUS).param("tenant", tenant.id()).param("n", n).update();
        jdbc.sql("create index documents_search on documents using gin (search)").update();
        jdbc.sql("vacuum analyze documents").update();
        report("load %,d documents (insert, GIN build, vacuum analyze)".formatted(n), (System.nanoTime() - start) / 1e6);

        var random = new Random(7);
        var deepKey = "doc-%07d".formatted(n * 9 / 10);
        var deepCursor = cursors.encode(tenant, new DocumentFilter(null, null, null, null).scope(), List.of(deepKey));
        measure("HTTP list page 1 (limit 50)", 200, () -> get("/v1/documents?limit=50", key));
        measure("HTTP list page at 90 % depth (keyset)", 200, () -> get("/v1/documents?limit=50&cursor=" + deepCursor, key));
        measure("SQL keyset page 1", 200, () -> rows(jdbc.sql(KEYSET_PAGE).params(tenant.id(), "").query(String.class).list()));
        measure("SQL keyset page at 90 %", 200, () -> rows(jdbc.sql(KEYSET_PAGE).params(tenant.id(), deepKey).query(String.class).list()));
        measure("SQL OFFSET page 1 (control)", 50, () -> rows(jdbc.sql(OFFSET_PAGE).params(tenant.id(), 0).query(String.class).list()));
        measure("SQL OFFSET page at 90 % (control)", 10, () -> rows(jdbc.sql(OFFSET_PAGE).params(tenant.id(), n * 9 / 10).query(String.class).list()));
        explain("search plan", SEARCH_PLAN.replace(":tenant", "'" + tenant.id() + "'"));
        var bean = searchBean();
        measure("bean search (no HTTP)", 100, () -> {
            try {
                return bean.getKey().invoke(bean.getValue(), tenant, "w" + random.nextInt(VOCABULARY), 20, null).hashCode();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        measure("HTTP stats", 300, () -> get("/v1/stats", key));
        measure("HTTP search, 1-2 random words (limit 20)", 300, () -> {
            var q = "w" + random.nextInt(VOCABULARY) + (random.nextBoolean() ? "" : "%20w" + random.nextInt(VOCABULARY));
            return get("/v1/search?q=" + q, key);
        });
        measure("HTTP search, word OR word (limit 20)", 100, () ->
                get("/v1/search?q=w" + random.nextInt(VOCABULARY) + "%20or%20w" + random.nextInt(VOCABULARY), key));
        serverSide();
    }

    private int get(String path, String key) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + key).build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body().length();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void measure(String what, int runs, IntSupplier call) {
        for (int i = 0; i < Math.min(20, runs); i++) {
            call.getAsInt(); // warm-up: JIT, plan cache, buffer cache
        }
        var millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.getAsInt();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("MEASURE %-45s p50 %8.2f ms  p95 %8.2f ms  max %8.2f ms  (%d runs)%n", what,
                millis[runs / 2], millis[(int) Math.ceil(runs * 0.95) - 1], millis[runs - 1], runs);
    }

    private void explain(String what, String sql) {
        System.out.println("MEASURE " + what);
        jdbc.sql(sql).query(String.class).list().forEach(line -> System.out.println("MEASURE   " + line));
    }

    /** Server-side time per endpoint (Micrometer's http.server.requests), to separate it from the client's. */
    private void serverSide() {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build();
            http.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(line -> line.startsWith("http_server_requests_seconds_") && line.contains("/v1/"))
                    .forEach(line -> System.out.println("MEASURE   " + line));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    private java.util.Map.Entry<java.lang.reflect.Method, Object> searchBean() {
        try {
            var type = Class.forName("dev.secondbrain.api.search.Search");
            var method = type.getDeclaredMethod("search", Tenant.class, String.class, int.class, String.class);
            method.setAccessible(true);
            return java.util.Map.entry(method, context.getBean(type));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rows(List<String> page) {
        if (page.size() != 51) {
            throw new IllegalStateException("expected a full page, got " + page.size());
        }
        return page.size();
    }

    private static void report(String what, double millis) {
        System.out.printf("MEASURE %-45s %10.0f ms%n", what, millis);
    }
}
