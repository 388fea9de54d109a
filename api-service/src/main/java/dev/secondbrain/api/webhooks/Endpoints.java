package dev.secondbrain.api.webhooks;

import dev.secondbrain.api.Conflict;
import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook endpoints and their delivery log, each request one bound transaction of one statement. */
@Component
class Endpoints {

    // the tenant's count is read in the same statement: over the limit nothing is inserted (0 rows: 409)
    private static final String REGISTER = """
            insert into webhook_endpoints (tenant_id, endpoint_id, url, events, secret)
            select :tenant, :id, :url, :events, :secret
            where (select count(*) from webhook_endpoints where tenant_id = :tenant) < :max
            returning endpoint_id as id, url, events, created_at, previous_secret_until as previous_secret_valid_until,
                      secret""";
    private static final String LIST = """
            select endpoint_id as id, url, events, created_at,
                   case when previous_secret_until > now() then previous_secret_until end as previous_secret_valid_until,
                   null::text as secret
            from webhook_endpoints where tenant_id = ? order by created_at, endpoint_id limit 1000""";
    private static final String DELETE = "delete from webhook_endpoints where tenant_id = ? and endpoint_id = ?";
    // the current secret becomes the previous one, valid for the grace period; a rotation within the grace period
    // drops the older previous secret
    private static final String ROTATE = """
            update webhook_endpoints
            set previous_secret = secret, previous_secret_until = now() + make_interval(secs => :grace), secret = :secret
            where tenant_id = :tenant and endpoint_id = :id
            returning endpoint_id as id, url, events, created_at, previous_secret_until as previous_secret_valid_until,
                      secret""";
    private static final String DELIVERIES = """
            select delivery_id, event_id, event_type, attempts, last_status, last_error, last_attempt_at,
                   next_attempt_at, created_at, delivered_at
            from webhook_deliveries
            where tenant_id = :tenant and endpoint_id = :id and delivery_id < :after
            order by delivery_id desc limit :limit""";
    private static final String ATTEMPTS = """
            select a.attempt_id, a.at, a.status, a.error
            from webhook_attempts a
            where a.tenant_id = ? and a.endpoint_id = ? and a.delivery_id = ?
            order by a.attempt_id desc limit 100""";
    private static final String DELIVERY_EXISTS = """
            select 1 from webhook_deliveries where tenant_id = ? and endpoint_id = ? and delivery_id = ?""";
    private static final String EXISTS = "select 1 from webhook_endpoints where tenant_id = ? and endpoint_id = ?";
    // a redelivery goes out again in its own place of the endpoint's order (it is the oldest undelivered, so next)
    private static final String REDELIVER = """
            update webhook_deliveries set delivered_at = null, next_attempt_at = now()
            where tenant_id = ? and endpoint_id = ? and delivery_id = ?
            returning delivery_id, event_id, event_type, attempts, last_status, last_error, last_attempt_at,
                      next_attempt_at, created_at, delivered_at""";

    private final TenantScope scope;
    private final WebhookSettings settings;
    private final Cursors cursors;
    private final SecureRandom random = new SecureRandom();

    Endpoints(TenantScope scope, WebhookSettings settings, Cursors cursors) {
        this.scope = scope;
        this.settings = settings;
        this.cursors = cursors;
    }

    Webhook register(Tenant tenant, String url, List<String> events) {
        var distinct = events.stream().distinct().sorted().toArray(String[]::new);
        var created = scope.write(tenant, jdbc -> jdbc.sql(REGISTER).param("tenant", tenant.id())
                .param("id", UUID.randomUUID()).param("url", url).param("events", distinct)
                .param("secret", secret()).param("max", settings.maxEndpointsPerTenant())
                .query(Endpoints::webhook).optional());
        return created.orElseThrow(() -> new Conflict("This tenant has " + settings.maxEndpointsPerTenant()
                + " webhook endpoints, as many as it may; delete one first."));
    }

    List<Webhook> list(Tenant tenant) {
        return scope.read(tenant, jdbc -> jdbc.sql(LIST).param(tenant.id()).query(Endpoints::webhook).list());
    }

    void delete(Tenant tenant, UUID id) {
        if (scope.write(tenant, jdbc -> jdbc.sql(DELETE).params(tenant.id(), id).update()) == 0) {
            throw new NotFound();
        }
    }

    Webhook rotate(Tenant tenant, UUID id) {
        return scope.write(tenant, jdbc -> jdbc.sql(ROTATE).param("tenant", tenant.id()).param("id", id)
                .param("grace", settings.secretGrace().toMillis() / 1000.0).param("secret", secret())
                .query(Endpoints::webhook).optional()).orElseThrow(NotFound::new);
    }

    DeliveryPage deliveries(Tenant tenant, UUID id, int limit, String cursor) {
        var cursorScope = "webhook-deliveries:" + id;
        long after = cursor == null ? Long.MAX_VALUE : Long.parseLong(cursors.decode(tenant, cursorScope, cursor).getFirst());
        var page = scope.read(tenant, jdbc -> {
            if (jdbc.sql(EXISTS).params(tenant.id(), id).query(Integer.class).optional().isEmpty()) {
                throw new NotFound();
            }
            return jdbc.sql(DELIVERIES).param("tenant", tenant.id()).param("id", id).param("after", after)
                    .param("limit", limit).query(Delivery.class).list();
        });
        var next = page.size() < limit ? null
                : cursors.encode(tenant, cursorScope, List.of(Long.toString(page.getLast().deliveryId())));
        return new DeliveryPage(page, next);
    }

    /** The last 100 attempts of a delivery, newest first. */
    List<Attempt> attempts(Tenant tenant, UUID id, long deliveryId) {
        return scope.read(tenant, jdbc -> {
            if (jdbc.sql(DELIVERY_EXISTS).params(tenant.id(), id, deliveryId).query(Integer.class).optional().isEmpty()) {
                throw new NotFound();
            }
            return jdbc.sql(ATTEMPTS).params(tenant.id(), id, deliveryId).query(Attempt.class).list();
        });
    }

    Delivery redeliver(Tenant tenant, UUID id, long deliveryId) {
        return scope.write(tenant, jdbc -> jdbc.sql(REDELIVER).params(tenant.id(), id, deliveryId)
                .query(Delivery.class).optional()).orElseThrow(NotFound::new);
    }

    private String secret() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Webhook webhook(ResultSet rs, int row) throws SQLException {
        return new Webhook(rs.getObject("id", UUID.class), rs.getString("url"),
                List.of((String[]) rs.getArray("events").getArray()), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("previous_secret_valid_until", OffsetDateTime.class), rs.getString("secret"));
    }
}
