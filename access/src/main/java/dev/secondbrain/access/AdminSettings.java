package dev.secondbrain.access;

import jakarta.validation.constraints.AssertTrue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin token ({@code pipeline.admin.token}): the bearer token of {@code /v1/admin/**}. Unset or blank = no
 * admin API (every admin request is refused); set, it must have at least {@value #MIN_LENGTH} characters, or the
 * service does not start.
 */
@Validated
@ConfigurationProperties("pipeline.admin")
record AdminSettings(String token) {

    static final int MIN_LENGTH = 32;

    boolean enabled() {
        return token != null && !token.isBlank();
    }

    @AssertTrue(message = "must have at least " + MIN_LENGTH + " characters (or be unset: no admin API)")
    boolean isTokenLongEnough() {
        return !enabled() || token.strip().length() >= MIN_LENGTH;
    }
}
