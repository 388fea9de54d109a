package dev.secondbrain.ingest.tenants;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards {@code /v1/admin/**} with the configured admin token. Both sides are hashed before a constant-time
 * comparison, so neither the token's content nor its length leaks through timing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminAuthentication extends OncePerRequestFilter {

    private final byte[] expected;

    AdminAuthentication(AdminSettings settings) {
        this.expected = settings.enabled() ? sha256(settings.token()) : null;
    }

    static boolean isAdminPath(String path) {
        return path.equals("/v1/admin") || path.startsWith("/v1/admin/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isAdminPath(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (expected == null) {
            ProblemBodies.write(response, 403, ProblemBodies.ADMIN_DISABLED);
            return;
        }
        var token = ProblemBodies.bearer(request.getHeader("Authorization"));
        if (token == null || !MessageDigest.isEqual(expected, sha256(token))) {
            ProblemBodies.write(response, 401, ProblemBodies.ADMIN_UNAUTHORIZED);
            return;
        }
        chain.doFilter(request, response);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
