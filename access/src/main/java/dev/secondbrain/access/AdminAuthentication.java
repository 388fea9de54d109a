package dev.secondbrain.access;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** The admin token: role {@code ADMIN}, no tenant, no scope. */
public final class AdminAuthentication extends AbstractAuthenticationToken {

    static final String ROLE = "ADMIN";

    AdminAuthentication() {
        super(AuthorityUtils.createAuthorityList("ROLE_" + ROLE));
        setAuthenticated(true);
    }

    @Override
    public Object getPrincipal() {
        return "admin";
    }

    @Override
    public Object getCredentials() {
        return null;
    }
}
