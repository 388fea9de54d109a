package dev.secondbrain.access;

import dev.secondbrain.schemas.ApiKeys;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * Turns a bearer token into a {@link KeyAuthentication} (an API key: unknown, revoked, expired and malformed keys
 * are one and the same {@link BadCredentialsException}) or an {@link AdminAuthentication} (the admin token, compared
 * in constant time: both sides are hashed first, so neither content nor length leaks through timing). A store that
 * cannot answer is an {@link AuthenticationServiceException} (503), not a refusal.
 */
final class BearerTokenAuthentication implements AuthenticationProvider {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BearerTokenAuthentication.class);

    private final KeyLookups lookups;
    private final KeyUse use;
    private final byte[] adminTokenHash;

    BearerTokenAuthentication(KeyLookups lookups, KeyUse use, AdminSettings admin) {
        this.lookups = lookups;
        this.use = use;
        this.adminTokenHash = admin.enabled() ? ApiKeys.digest(admin.token().strip()) : null;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var token = ((BearerToken) authentication).token();
        if (ApiKeys.wellFormed(token)) {
            return key(token);
        }
        if (adminTokenHash != null && MessageDigest.isEqual(adminTokenHash, ApiKeys.digest(token))) {
            return new AdminAuthentication();
        }
        throw new BadCredentialsException("invalid bearer token");
    }

    private Authentication key(String key) {
        try {
            var principal = lookups.principalOf(key)
                    .filter(p -> !p.expiredAt(OffsetDateTime.now()))
                    .orElseThrow(() -> new BadCredentialsException("invalid bearer token"));
            use.used(principal.keyId());
            return new KeyAuthentication(principal, HexFormat.of().formatHex(ApiKeys.hash(key)));
        } catch (DataAccessException e) {
            log.warn("API key lookup failed: {}", e.getMostSpecificCause().toString());
            throw new AuthenticationServiceException("API keys cannot be checked right now", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
