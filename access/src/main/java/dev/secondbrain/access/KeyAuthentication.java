package dev.secondbrain.access;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.stream.Collectors;

/**
 * An authenticated API key: the principal is its {@link KeyPrincipal}, the authorities are its scopes
 * ({@code SCOPE_documents:read}, ...). Keeps the key's hash (never the key) so a long request can ask whether the
 * key is still valid ({@link KeyLookups#stillValid}).
 */
public final class KeyAuthentication extends AbstractAuthenticationToken {

    private final KeyPrincipal principal;
    private final String keyHash;

    KeyAuthentication(KeyPrincipal principal, String keyHash) {
        super(principal.scopes().stream().map(s -> new SimpleGrantedAuthority(s.authority()))
                .collect(Collectors.toSet()));
        this.principal = principal;
        this.keyHash = keyHash;
        setAuthenticated(true);
    }

    @Override
    public KeyPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    String keyHash() {
        return keyHash;
    }
}
