package dev.secondbrain.api.gaps;

import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.util.List;

/** Knowledge gaps: lists are keyset pages in gap_id order on (tenant_id, status, gap_id) or the primary key. */
@Component
class Gaps {

    private static final String CREATE = """
            insert into knowledge_gaps (tenant_id, question) values (:tenant, :question)
            returning gap_id, question, status, created_at, updated_at
            """;
    // two statements rather than "(:status is null or status = :status)", which a cached plan cannot index
    private static final String LIST = """
            select gap_id, question, status, created_at, updated_at from knowledge_gaps
            where tenant_id = :tenant and gap_id > :after
            order by gap_id limit :limit
            """;
    private static final String LIST_BY_STATUS = """
            select gap_id, question, status, created_at, updated_at from knowledge_gaps
            where tenant_id = :tenant and status = :status and gap_id > :after
            order by gap_id limit :limit
            """;
    // One statement: the gap turns answered and the answer is stored, or neither when the gap is not ours.
    private static final String ANSWER = """
            with gap as (
                update knowledge_gaps set status = 'answered', updated_at = now()
                where tenant_id = :tenant and gap_id = :gapId
                returning tenant_id, gap_id
            )
            insert into gap_answers (tenant_id, knowledge_gap_id, answer)
            select tenant_id, gap_id, :answer from gap
            returning answer_id, knowledge_gap_id as gap_id, created_at
            """;
    private static final String STATS = """
            select count(*) as total,
                   count(*) filter (where status = 'open') as open,
                   count(*) filter (where status = 'answered') as answered,
                   count(*) filter (where status = 'dismissed') as dismissed,
                   (select count(*) from gap_answers where tenant_id = :tenant) as answers
            from knowledge_gaps where tenant_id = :tenant
            """;

    private final TenantScope scope;
    private final Cursors cursors;

    Gaps(TenantScope scope, Cursors cursors) {
        this.scope = scope;
        this.cursors = cursors;
    }

    Gap create(Tenant tenant, String question) {
        return scope.write(tenant, jdbc -> jdbc.sql(CREATE).param("tenant", tenant.id()).param("question", question)
                .query(Gap.class).single());
    }

    GapPage list(Tenant tenant, String status, int limit, String cursor) {
        var cursorScope = "gaps\u0000" + status;
        long after = cursor == null ? 0 : parse(cursors.decode(tenant, cursorScope, cursor).getFirst());
        List<Gap> rows = scope.read(tenant, jdbc -> {
            var statement = status == null ? jdbc.sql(LIST) : jdbc.sql(LIST_BY_STATUS).param("status", status);
            return statement.param("tenant", tenant.id()).param("after", after).param("limit", limit + 1)
                    .query(Gap.class).list();
        });
        if (rows.size() <= limit) {
            return new GapPage(rows, null);
        }
        var page = List.copyOf(rows.subList(0, limit));
        return new GapPage(page, cursors.encode(tenant, cursorScope, List.of(Long.toString(page.getLast().gapId()))));
    }

    Answer answer(Tenant tenant, long gapId, String answer) {
        return scope.write(tenant, jdbc -> jdbc.sql(ANSWER).param("tenant", tenant.id()).param("gapId", gapId)
                .param("answer", answer).query(Answer.class).optional()).orElseThrow(NotFound::new);
    }

    GapStats stats(Tenant tenant) {
        return scope.read(tenant, jdbc -> jdbc.sql(STATS).param("tenant", tenant.id()).query(GapStats.class).single());
    }

    private static long parse(String key) {
        return Long.parseLong(key); // signed by us, so always a number
    }
}
