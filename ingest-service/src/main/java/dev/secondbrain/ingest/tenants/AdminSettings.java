package dev.secondbrain.ingest.tenants;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin API ({@code /v1/admin/**}).
 *
 * @param token bearer token of the admin API; unset or blank = the admin API refuses every request (403)
 */
@Validated
@ConfigurationProperties("pipeline.admin")
record AdminSettings(String token) {

    boolean enabled() {
        return token != null && !token.isBlank();
    }
}
