package dev.secondbrain.ingest.tenants;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Authenticates every connector request ({@code /v1/**} outside {@code /v1/admin}) by its API key before
 * any body is read: malformed, unknown and revoked keys get the same 401.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyAuthentication extends OncePerRequestFilter {

    private final KeyLookups lookups;
    private final Counter rejected;

    ApiKeyAuthentication(KeyLookups lookups, MeterRegistry meters) {
        this.lookups = lookups;
        this.rejected = meters.counter("intake.requests.rejected", "reason", "unauthorized");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getServletPath();
        return !path.startsWith("/v1/") || AdminAuthentication.isAdminPath(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var key = ProblemBodies.bearer(request.getHeader("Authorization"));
        try {
            var tenant = lookups.tenantOf(key);
            if (tenant.isEmpty()) {
                rejected.increment();
                ProblemBodies.write(response, 401, ProblemBodies.UNAUTHORIZED);
                return;
            }
            request.setAttribute(AuthenticatedTenant.ATTRIBUTE, tenant.get());
        } catch (DataAccessException e) {
            logger.warn("API key lookup failed: " + e.getClass().getSimpleName());
            ProblemBodies.write(response, 503, ProblemBodies.UNAVAILABLE);
            return;
        }
        chain.doFilter(request, response);
    }
}
