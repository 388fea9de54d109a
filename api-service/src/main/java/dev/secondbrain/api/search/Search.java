package dev.secondbrain.api.search;

import dev.secondbrain.api.ApiSettings;
import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Full-text search over the stored tsvector ({@code documents_search} GIN index). {@code websearch_to_tsquery}
 * accepts any text (it has no syntax errors), so only length is bounded. Pages are a keyset on
 * (rank desc, external_id): every match is ranked on every page (a rank has no index), but only the page's
 * rows are read in full and highlighted, and a headline reads at most {@code snippet-chars} of content.
 * <p>
 * Two statements in one bound transaction: the ranking is the database function {@code search_rank} (keys and
 * ranks only, the tenant its parameter), which runs as the owner because under a policy the non-leakproof
 * {@code @@} may not use the GIN index (measured: every row of the tenant scanned); titles and snippets are read
 * under the policy.
 */
@Component
class Search {

    private record Ranked(String externalId, float rank) {
    }

    private static final String RANK = """
            select external_id, rank from search_rank(:tenant, :q, cast(:rank as real), cast(:after as text), :limit)
            """;
    private static final String HITS = """
            select d.external_id, d.title, d.category, d.classification_status, p.rank,
                   ts_headline('english', left(d.content, :snippetChars), websearch_to_tsquery('english', :q),
                               'MaxFragments=2, MaxWords=30, MinWords=10') as snippet
            from unnest(:ids::text[], :ranks::real[]) as p(external_id, rank)
            join documents d on d.tenant_id = :tenant and d.external_id = p.external_id and d.deleted_at is null
            order by p.rank desc, p.external_id
            """;

    private final TenantScope scope;
    private final Cursors cursors;
    private final int snippetChars;

    Search(TenantScope scope, Cursors cursors, ApiSettings settings) {
        this.scope = scope;
        this.cursors = cursors;
        this.snippetChars = settings.snippetChars();
    }

    SearchPage search(Tenant tenant, String q, int limit, String cursor) {
        var cursorScope = "search\u0000" + q;
        var after = cursor == null ? null : cursors.decode(tenant, cursorScope, cursor);
        return scope.read(tenant, jdbc -> {
            var ranked = rank(jdbc, tenant, q, limit, after);
            var page = ranked.size() > limit ? ranked.subList(0, limit) : ranked;
            var hits = jdbc.sql(HITS).param("tenant", tenant.id()).param("q", q).param("snippetChars", snippetChars)
                    .param("ids", page.stream().map(Ranked::externalId).toArray(String[]::new))
                    .param("ranks", page.stream().map(Ranked::rank).toArray(Float[]::new))
                    .query(SearchHit.class).list();
            if (ranked.size() <= limit) {
                return new SearchPage(hits, null);
            }
            var last = page.getLast();
            return new SearchPage(hits, cursors.encode(tenant, cursorScope,
                    List.of(Integer.toString(Float.floatToIntBits(last.rank())), last.externalId())));
        });
    }

    private List<Ranked> rank(JdbcClient jdbc, Tenant tenant, String q, int limit, List<String> after) {
        return jdbc.sql(RANK).param("q", q).param("tenant", tenant.id()).param("limit", limit + 1)
                .param("rank", after == null ? null : Float.intBitsToFloat(Integer.parseInt(after.get(0))))
                .param("after", after == null ? null : after.get(1))
                .query(Ranked.class).list();
    }
}
