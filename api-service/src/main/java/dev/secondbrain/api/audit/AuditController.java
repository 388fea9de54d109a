package dev.secondbrain.api.audit;

import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/audit}: the tenant's audit log, newest first, a keyset page at a time (primary key
 * {@code (tenant_id, audit_id)}); scope {@code tenant:admin}.
 */
@RestController
class AuditController {

    private static final String PAGE = """
            select audit_id, at, actor, actor_key_id, action, target_count, details::text as details
            from audit_log
            where tenant_id = :tenant and audit_id < :before
            order by audit_id desc limit :limit
            """;
    private static final String CURSOR_SCOPE = "audit";

    /** One action: who ({@code key} with its id, or {@code admin}), what, how many, when, and its ids. */
    record Entry(long auditId, OffsetDateTime at, String actor, UUID actorKeyId, String action, Long targetCount,
                 @com.fasterxml.jackson.annotation.JsonRawValue String details) {
    }

    record Page(List<Entry> items, String nextCursor) {
    }

    private final TenantScope scope;
    private final Cursors cursors;

    AuditController(TenantScope scope, Cursors cursors) {
        this.scope = scope;
        this.cursors = cursors;
    }

    @Operation(summary = "The tenant's audit log of destructive and control actions, newest first")
    @GetMapping("/v1/audit")
    Page audit(Tenant tenant, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
               @RequestParam(required = false) @Size(max = 8192) String cursor) {
        long before = cursor == null ? Long.MAX_VALUE
                : Long.parseLong(cursors.decode(tenant, CURSOR_SCOPE, cursor).getFirst()); // signed by us
        List<Entry> rows = scope.read(tenant, jdbc -> jdbc.sql(PAGE).param("tenant", tenant.id())
                .param("before", before).param("limit", limit + 1).query(Entry.class).list());
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        var page = List.copyOf(rows.subList(0, limit));
        return new Page(page, cursors.encode(tenant, CURSOR_SCOPE, List.of(Long.toString(page.getLast().auditId()))));
    }
}
