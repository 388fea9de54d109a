package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.Audit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/admin/audit}: what an operator's tool did outside the services, into the audit log of each tenant
 * it touched (admin token). Today one action: the dead-letter replay, which talks to Kafka only, reports how many
 * of each tenant's dead letters it re-published.
 */
@RestController
class OperatorAudit {

    private static final String TENANTS = "select tenant_id from tenants where tenant_id = any(?)";

    record Report(@NotNull @Pattern(regexp = "dead_letter_replay") String action,
                  @NotEmpty @Size(max = 100_000) Map<UUID, @NotNull @PositiveOrZero Long> counts) {
    }

    record Recorded(int tenants) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OperatorAudit(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    @PostMapping("/v1/admin/audit")
    ResponseEntity<Recorded> record(@Valid @RequestBody Report report) {
        int recorded = transactions.execute(status -> {
            var known = jdbc.sql(TENANTS).param(report.counts().keySet().toArray(UUID[]::new)).query(UUID.class).list();
            known.forEach(tenant -> Audit.record(jdbc, tenant, Audit.Actor.ADMIN, Audit.Action.DEAD_LETTER_REPLAY,
                    report.counts().get(tenant), "{\"tool\":\"replay-dead-letters\"}"));
            return known.size();
        });
        return ResponseEntity.status(201).body(new Recorded(recorded));
    }
}
