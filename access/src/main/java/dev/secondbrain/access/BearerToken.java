package dev.secondbrain.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * {@code Authorization: Bearer <token>} as an authentication request; a request without one stays anonymous (and is
 * answered 401 wherever an endpoint needs a caller). A token that is there but empty or malformed is still a
 * token, refused with the same 401 as an unknown one.
 */
final class BearerToken extends AbstractAuthenticationToken {

    private static final String BEARER = "Bearer ";

    private final String token;

    private BearerToken(String token) {
        super(AuthorityUtils.NO_AUTHORITIES);
        this.token = token;
    }

    static final AuthenticationConverter FROM_HEADER = BearerToken::of;

    private static BearerToken of(HttpServletRequest request) {
        var header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return new BearerToken("");
        }
        return new BearerToken(header.substring(BEARER.length()).strip());
    }

    String token() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return "bearer";
    }

    @Override
    public Object getCredentials() {
        return token;
    }
}
