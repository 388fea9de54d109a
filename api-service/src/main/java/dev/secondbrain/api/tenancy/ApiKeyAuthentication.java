package dev.secondbrain.api.tenancy;

import dev.secondbrain.schemas.ApiKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;


/**
 * Resolves {@code Authorization: Bearer <key>} to its tenant before any handler runs. The lookup runs as
 * the connection's own role (api_keys is not a tenant table); a malformed key never reaches the database.
 * An interceptor rather than a servlet filter so that its failures (401, 503) go through the same problem
 * handling as everything else.
 */
@Component
class ApiKeyAuthentication implements HandlerInterceptor {

    static final String TENANT = ApiKeyAuthentication.class.getName() + ".tenant";

    private static final String TENANT_OF_KEY = """
            select tenant_id as id, key_id from api_keys where key_hash = ? and revoked_at is null
            """;
    private static final String BEARER = "Bearer ";

    private final JdbcClient jdbc;

    ApiKeyAuthentication(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(TENANT) != null) {
            // the end of a change stream is dispatched again: it was authenticated when it began, and a lookup now
            // (the database may be away) would try to answer a problem on a response that is already an event stream
            return true;
        }
        var header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new Unauthenticated();
        }
        var key = header.substring(BEARER.length()).trim();
        if (!ApiKeys.wellFormed(key)) {
            throw new Unauthenticated();
        }
        var tenant = jdbc.sql(TENANT_OF_KEY).param(ApiKeys.hash(key)).query(Tenant.class).optional()
                .orElseThrow(Unauthenticated::new);
        request.setAttribute(TENANT, tenant);
        return true;
    }
}
