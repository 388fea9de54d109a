package dev.secondbrain.api.stats;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics are one indexed read of the tenant's rows in {@code document_counts}, which triggers on
 * {@code documents} keep current whoever writes: its cost grows with the number of distinct statuses,
 * categories and sources, never with the number of documents.
 */
@RestController
class StatsController {

    private static final String COUNTS = """
            select dimension, value, n from document_counts where tenant_id = ? and n <> 0
            """;

    private record Count(String dimension, String value, long n) {
    }

    private final TenantScope scope;

    StatsController(TenantScope scope) {
        this.scope = scope;
    }

    @Operation(summary = "Counts of live documents by classification status, category and source")
    @GetMapping("/v1/stats")
    Stats stats(Tenant tenant) {
        List<Count> counts = scope.read(tenant, jdbc -> jdbc.sql(COUNTS).param(tenant.id()).query(Count.class).list());
        long total = 0;
        long uncategorized = 0;
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> bySource = new TreeMap<>();
        for (var count : counts) {
            switch (count.dimension()) {
                case "total" -> total = count.n();
                case "status" -> byStatus.put(count.value(), count.n());
                case "category" -> {
                    if (count.value().isEmpty()) uncategorized = count.n();
                    else byCategory.put(count.value(), count.n());
                }
                case "source" -> bySource.put(count.value(), count.n());
                default -> { }
            }
        }
        return new Stats(total, byStatus, byCategory, uncategorized, bySource);
    }
}
