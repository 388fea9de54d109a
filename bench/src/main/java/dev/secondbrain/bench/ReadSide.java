package dev.secondbrain.bench;

import dev.secondbrain.schemas.ApiKeys;
import dev.secondbrain.api.ApiApplication;
import dev.secondbrain.embedded.PostgresServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The read API at scale: one tenant with many documents (generated in one INSERT ... SELECT), served by the
 * real api-service over HTTP. Keyset page 1 against the page at 90 % depth (and OFFSET as the control that
 * degrades), statistics, and search latency percentiles.
 */
final class ReadSide {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Queries whose words match about 0.1 % of the documents (1,000 at 1M): what people look up. */
    private static final String[] SELECTIVE = {"zebra17", "topic4321", "zebra523 topic77", "\"zebra9\"", "topic12 OR topic13",
            "zebra800 -invoice"};
    /** Queries whose words match a quarter of all documents: the worst case, every match ranked. */
    private static final String[] BROAD = {"meeting", "family holiday", "invoice OR recipe", "garden -budget"};
    private static final String GENERATE = """
            insert into documents (tenant_id, external_id, source, version, title, content, content_hash,
                                   category, classification_status, updated_at)
            select :tenant, 'doc-' || lpad(i::text, 8, '0'), (array['gdrive', 'slack', 'notion'])[1 + i % 3], 1,
                   'Title ' || i || {titleWord},
                   (array['meeting budget project', 'family holiday garden', 'invoice release deadline',
                          'prize recipe birthday dinner'])[1 + i % 4] || ' zebra' || (i % 1000)
                       || ' topic' || (i / 7 % 5000) || ' ' || md5(i::text) {contentWords},
                   sha256(i::text::bytea), (array['work', 'personal', 'spam', 'other'])[1 + i % 4],
                   (array['classified', 'needs_review', 'confirmed'])[1 + i % 3], {updatedAt}
            from generate_series(1, :n) i""".replace("{titleWord}", BroadSearch.TITLE_WORD)
            .replace("{contentWords}", BroadSearch.contentWords()).replace("{updatedAt}", BroadSearch.UPDATED_AT);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String apiKey = ApiKeys.generate();
    private String baseUrl;
    private String deepCursor;

    void measure(Results results, PostgresServer postgres, Network network, int documents) throws Exception {
        var name = Bench.migrate(postgres, "bench_read");
        var database = Bench.dataSource(postgres, name);
        var tenant = fill(JdbcClient.create(database), documents);
        try (var api = api(network.directUrl(name)); var delayedApi = api(network.delayedUrl(name));
             var direct = network.direct(name); var delayed = network.delayed(name)) {
            baseUrl = url(api);
            pages(results, documents);
            offsetControl(results, database, tenant, documents);
            var cursor = deepCursor(documents);
            var keyset = new Results.Both(median(repeat(50, () -> get("/v1/documents?limit=50&cursor=" + cursor))),
                    median(repeat(50, () -> get(url(delayedApi), "/v1/documents?limit=50&cursor=" + cursor))));
            var legacyPage = new Results.Both(legacyPage(direct, tenant, documents), legacyPage(delayed, tenant, documents));
            results.lower("list page at 90 % depth: keyset (GET /v1/documents)", "ms", keyset,
                    "COUNT + OFFSET (SQL only)", legacyPage, null);
            var stats = new Results.Both(median(repeat(100, () -> get("/v1/stats"))),
                    median(repeat(100, () -> get(url(delayedApi), "/v1/stats"))));
            var counts = new Results.Both(median(repeat(10, () -> LegacyPattern.statistics(direct, tenant.toString()))),
                    median(repeat(10, () -> LegacyPattern.statistics(delayed, tenant.toString()))));
            results.lower("stats (GET /v1/stats) p50 at " + documents + " documents", "ms", stats,
                    "8 COUNT queries (SQL only)", counts, "<= 10 ms");
            var selective = search(200, SELECTIVE);
            results.lower("search p50, selective words (~0.1 % match)", "ms", percentile(selective, 50), null, null, null);
            results.lower("search p95, selective words (~0.1 % match)", "ms", percentile(selective, 95), null, null, "<= 50 ms");
            var broad = search(40, BROAD);
            results.lower("search p50, broad words (25 % match)", "ms", percentile(broad, 50), null, null, null);
            results.lower("search p95, broad words (25 % match)", "ms", percentile(broad, 95), null, null,
                    "<= 50 ms (with recall@20 >= 0.9)");
            for (var point : BroadSearch.measure(direct, tenant, documents)) {
                results.lower("broad search (SQL, " + BroadSearch.QUERIES + " queries, 25 % match), " + point.strategy()
                        + ": p95", "ms", point.p95(), null, null, "<= 50 ms");
                results.higher("broad search (SQL, " + BroadSearch.QUERIES + " queries, 25 % match), " + point.strategy()
                        + ": recall@20 against exact ts_rank order", "ratio", point.recall(), null, null, ">= 0.9");
            }
        }
    }

    /** The read API on {@code url}; what is measured is the read path, not the quota; cursors live as long as the run. */
    private static ConfigurableApplicationContext api(String url) {
        return ApiApplication.application().run("--server.port=0", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresServer.USER, "--spring.flyway.enabled=false",
                "--pipeline.api.quota.requests-per-second=1000000", "--pipeline.api.cursor-secret=bench-cursors-"
                        + ProcessHandle.current().pid());
    }

    private static String url(ConfigurableApplicationContext api) {
        return "http://localhost:" + api.getEnvironment().getProperty("local.server.port");
    }

    private static double legacyPage(DataSource database, UUID tenant, int documents) throws Exception {
        return median(repeat(20, () -> LegacyPattern.page(database, tenant.toString(), documents * 9 / 10, 50) / 1e6));
    }

    private double[] search(int times, String[] queries) throws Exception {
        var random = new Random(7);
        return repeat(times, () -> get("/v1/search?limit=20&q="
                + URLEncoder.encode(queries[random.nextInt(queries.length)], StandardCharsets.UTF_8)));
    }

    private UUID fill(JdbcClient jdbc, int documents) {
        var tenant = UUID.randomUUID();
        jdbc.sql("insert into tenants (tenant_id, name) values (?, 'bench')").param(tenant).update();
        jdbc.sql("insert into api_keys (tenant_id, key_id, key_hash, scopes) values (?, ?, ?, '{documents:read}')")
                .params(tenant, UUID.randomUUID(), ApiKeys.hash(apiKey)).update();
        jdbc.sql(GENERATE).param("tenant", tenant).param("n", documents).update();
        jdbc.sql("vacuum analyze documents").update();
        return tenant;
    }

    private void pages(Results results, int documents) throws Exception {
        double first = median(repeat(50, () -> get("/v1/documents?limit=50")));
        var deep = "/v1/documents?limit=50&cursor=" + deepCursor(documents);
        double ninety = median(repeat(50, () -> get(deep)));
        results.lower("list page at 90 % depth (keyset)", "ms", ninety, "page 1", first, "<= 2x page 1");
    }

    /** The cursor of the page at 90 % depth, walked to as a client would. */
    private String deepCursor(int documents) throws Exception {
        if (deepCursor != null) {
            return deepCursor;
        }
        String cursor = null;
        int walked = 0;
        while (walked < documents * 9 / 10) {
            var page = JSON.readTree(body("/v1/documents?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)));
            walked += page.get("items").size();
            cursor = page.get("nextCursor").asString();
        }
        deepCursor = cursor;
        return cursor;
    }

    private void offsetControl(Results results, DataSource database, UUID tenant, int documents) throws Exception {
        var jdbc = JdbcClient.create(database);
        var sql = "select external_id, title from documents where tenant_id = ? and deleted_at is null "
                + "order by external_id offset ? limit 50";
        double first = median(repeat(20, () -> jdbc.sql(sql).params(tenant, 0).query().listOfRows()));
        double deep = median(repeat(20, () -> jdbc.sql(sql).params(tenant, documents * 9 / 10).query().listOfRows()));
        results.lower("control: OFFSET page at 90 % depth (SQL only)", "ms", deep, "OFFSET page 1", first, null);
    }

    private Object get(String path) throws IOException, InterruptedException {
        return body(baseUrl, path);
    }

    private Object get(String base, String path) throws IOException, InterruptedException {
        return body(base, path);
    }

    private String body(String path) throws IOException, InterruptedException {
        return body(baseUrl, path);
    }

    private String body(String base, String path) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    interface Call {
        Object run() throws Exception;
    }

    static double[] repeat(int times, Call call) throws Exception {
        call.run(); // warm-up
        var millis = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    static double median(double[] millis) {
        return percentile(millis, 50);
    }

    static double percentile(double[] values, int percent) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
