package dev.secondbrain.api.webhooks;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The dispatcher's statements. One turn of an endpoint is two transactions of constant statements whatever the number
 * of deliveries: take (lease the endpoint, read its undelivered head in order) and record (mark what was delivered,
 * put the failed head off, log every attempt, release the lease).
 */
@Component
class Outbox {

    /** An endpoint with a due delivery (every tenant: ids only, from a SECURITY DEFINER function). */
    record Due(UUID tenantId, UUID endpointId) {
    }

    /** A leased endpoint and its next deliveries, oldest first. */
    record Turn(URI url, List<String> secrets, List<Pending> deliveries) {
    }

    record Pending(long deliveryId, String eventId, String eventType, String body) {
    }

    private static final String DUE = "select tenant_id, endpoint_id from webhook_due(?)";
    private static final String OLDEST = "select webhook_oldest_undelivered_seconds()";
    // another instance holding an unexpired lease serves the endpoint now: 0 rows
    private static final String LEASE = """
            update webhook_endpoints set lease_until = now() + make_interval(secs => :lease)
            where tenant_id = :tenant and endpoint_id = :id and (lease_until is null or lease_until < now())
            returning url, secret, case when previous_secret_until > now() then previous_secret end as previous""";
    // the undelivered head in order, only if the first of them is due (a failed head holds back the rest)
    private static final String HEAD = """
            with head as (
                select delivery_id, event_id, event_type, body, next_attempt_at
                from webhook_deliveries
                where tenant_id = :tenant and endpoint_id = :id and delivered_at is null
                order by delivery_id limit :limit)
            select delivery_id, event_id, event_type, body from head
            where (select next_attempt_at from head order by delivery_id limit 1) <= now()
            order by delivery_id""";
    private static final String DELIVERED = """
            update webhook_deliveries d
            set delivered_at = now(), attempts = d.attempts + 1, last_attempt_at = now(), last_status = s.status,
                last_error = null
            from unnest(:ids::bigint[], :statuses::integer[]) as s(delivery_id, status)
            where d.tenant_id = :tenant and d.endpoint_id = :id and d.delivery_id = s.delivery_id""";
    private static final String FAILED = """
            update webhook_deliveries
            set attempts = attempts + 1, last_attempt_at = now(), last_status = :status::integer,
                last_error = :error::text,
                -- first-retry (with jitter), doubled per attempt, at most max-retry
                next_attempt_at = now() + make_interval(secs => least(:wait * pow(2, least(attempts, 30)), :max))
            where tenant_id = :tenant and endpoint_id = :id and delivery_id = :delivery""";
    // the turn's attempts, delivered and failed alike, in the order they were made
    private static final String ATTEMPTS = """
            insert into webhook_attempts (tenant_id, endpoint_id, delivery_id, status, error)
            select :tenant, :id, a.delivery_id, a.status, a.error
            from unnest(:ids::bigint[], :statuses::integer[], :errors::text[]) with ordinality as a(delivery_id, status, error, n)
            order by a.n""";
    private static final String RELEASE = """
            update webhook_endpoints set lease_until = null where tenant_id = ? and endpoint_id = ?""";

    private final JdbcClient jdbc;
    private final TenantScope scope;
    private final WebhookSettings settings;

    Outbox(JdbcClient jdbc, TenantScope scope, WebhookSettings settings) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.settings = settings;
    }

    List<Due> due(int limit) {
        return jdbc.sql(DUE).param(limit).query(Due.class).list();
    }

    double oldestUndeliveredSeconds() {
        return jdbc.sql(OLDEST).query(Double.class).single();
    }

    /** Leases the endpoint and reads its due head; empty when another instance has it or nothing is due. */
    Optional<Turn> take(Due due) {
        var tenant = Tenant.of(due.tenantId());
        return scope.write(tenant, sql -> {
            var endpoint = sql.sql(LEASE).param("lease", seconds(settings.lease())).param("tenant", due.tenantId())
                    .param("id", due.endpointId()).query((rs, n) -> {
                        var secrets = new ArrayList<String>();
                        secrets.add(rs.getString("secret"));
                        if (rs.getString("previous") != null) {
                            secrets.add(rs.getString("previous"));
                        }
                        return new Turn(URI.create(rs.getString("url")), List.copyOf(secrets), List.of());
                    }).optional();
            if (endpoint.isEmpty()) {
                return Optional.<Turn>empty();
            }
            var head = sql.sql(HEAD).param("tenant", due.tenantId()).param("id", due.endpointId())
                    .param("limit", settings.batchSize()).query(Pending.class).list();
            return Optional.of(new Turn(endpoint.get().url(), endpoint.get().secrets(), head));
        });
    }

    /**
     * Records a turn: {@code delivered} (ids and statuses, in order) are done; {@code failed} (may be null) is put off
     * by the backoff, {@code jitter} (0..1) spreading the retries of many endpoints; the lease is released.
     */
    void record(Due due, long[] delivered, int[] statuses, Pending failed, Sender.Attempt failure, double jitter) {
        scope.write(Tenant.of(due.tenantId()), sql -> {
            if (delivered.length > 0) {
                sql.sql(DELIVERED).param("ids", delivered).param("statuses", statuses).param("tenant", due.tenantId())
                        .param("id", due.endpointId()).update();
            }
            if (failed != null) {
                double wait = seconds(settings.firstRetry()) * (0.5 + jitter);
                sql.sql(FAILED)
                        .param("status", failure.status() == 0 ? null : failure.status())
                        .param("error", failure.error()).param("wait", wait).param("max", seconds(settings.maxRetry()))
                        .param("tenant", due.tenantId()).param("id", due.endpointId())
                        .param("delivery", failed.deliveryId()).update();
            }
            var attempts = new ArrayList<Long>();
            var answers = new ArrayList<Integer>();
            var errors = new ArrayList<String>();
            for (int i = 0; i < delivered.length; i++) {
                attempts.add(delivered[i]);
                answers.add(statuses[i]);
                errors.add(null);
            }
            if (failed != null) {
                attempts.add(failed.deliveryId());
                answers.add(failure.status() == 0 ? null : failure.status());
                errors.add(failure.error());
            }
            if (!attempts.isEmpty()) {
                sql.sql(ATTEMPTS).param("tenant", due.tenantId()).param("id", due.endpointId())
                        .param("ids", attempts.toArray(Long[]::new)).param("statuses", answers.toArray(Integer[]::new))
                        .param("errors", errors.toArray(String[]::new)).update();
            }
            return sql.sql(RELEASE).params(due.tenantId(), due.endpointId()).update();
        });
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
