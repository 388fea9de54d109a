package dev.secondbrain.access;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The answers of authentication and authorization, as problem+json written before Spring MVC: one 401 for every
 * caller without a valid token (missing, malformed, unknown, revoked, expired: a caller cannot tell them apart),
 * 403 naming the scope the key lacks (or the admin token), 503 when the store cannot check a key. Counted as
 * {@code access.requests.rejected{reason=unauthorized|forbidden|unavailable}}.
 */
final class AccessProblems implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

    static final String UNAUTHORIZED = json(401, "Unauthorized",
            "A valid API key is required: Authorization: Bearer <key>.", null);
    private static final String UNAVAILABLE = json(503, "Service Unavailable",
            "API keys cannot be checked right now; retry later.", null);

    private final MeterRegistry meters;

    AccessProblems(MeterRegistry meters) {
        this.meters = meters;
        for (var reason : new String[] {"unauthorized", "forbidden", "unavailable"}) {
            meters.counter("access.requests.rejected", "reason", reason);
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            write(response, 503, UNAVAILABLE, "unavailable");
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, 401, UNAUTHORIZED, "unauthorized");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) throws IOException {
        commence(request, response, e);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var needed = e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision
                ? decision.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet())
                : java.util.Set.<String>of();
        var scope = needed.stream().filter(a -> a.startsWith(Scope.AUTHORITY_PREFIX))
                .map(a -> a.substring(Scope.AUTHORITY_PREFIX.length())).sorted().findFirst();
        var body = scope.isPresent()
                ? json(403, "Forbidden", "This API key lacks the scope " + scope.get() + ".", scope.get())
                : json(403, "Forbidden", "This endpoint needs the admin token.", null);
        write(response, 403, body, "forbidden");
    }

    private void write(HttpServletResponse response, int status, String body, String reason) throws IOException {
        meters.counter("access.requests.rejected", "reason", reason).increment();
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String json(int status, String title, String detail, String missingScope) {
        var scope = missingScope == null ? "" : ",\"missingScope\":\"" + missingScope + "\"";
        return """
                {"type":"about:blank","title":"%s","status":%d,"detail":"%s"%s}"""
                .formatted(title, status, detail, scope);
    }
}
