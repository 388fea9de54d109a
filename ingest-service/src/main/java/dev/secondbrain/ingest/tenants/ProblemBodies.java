package dev.secondbrain.ingest.tenants;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Fixed problem+json answers of the authentication filters, which run before Spring MVC. */
final class ProblemBodies {

    /** One body for malformed, unknown and revoked keys alike, so a caller cannot tell them apart. */
    static final byte[] UNAUTHORIZED = json(401, "Unauthorized",
            "A valid API key is required: Authorization: Bearer <key>.");
    static final byte[] ADMIN_UNAUTHORIZED = json(401, "Unauthorized",
            "The admin token is required: Authorization: Bearer <token>.");
    static final byte[] ADMIN_DISABLED = json(403, "Forbidden", "The admin API is disabled on this instance.");
    static final byte[] UNAVAILABLE = json(503, "Service Unavailable",
            "API keys cannot be checked right now; retry later.");
    static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "5";

    private ProblemBodies() {
    }

    static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        if (status == 503) {
            response.setHeader("Retry-After", UNAVAILABLE_RETRY_AFTER_SECONDS);
        }
        response.getOutputStream().write(body);
    }

    /** The bearer credential of an Authorization header, or null. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    private static byte[] json(int status, String title, String detail) {
        return """
                {"type":"about:blank","title":"%s","status":%d,"detail":"%s"}"""
                .formatted(title, status, detail).getBytes(StandardCharsets.UTF_8);
    }
}
