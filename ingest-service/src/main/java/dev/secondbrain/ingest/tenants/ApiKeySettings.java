package dev.secondbrain.ingest.tenants;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * API key lookups. A revocation on this instance takes effect at once; on other instances within
 * {@code cacheTtl}.
 *
 * @param cacheTtl  how long a key lookup (found or not) is reused; 0 = no cache. Default 5 s.
 * @param cacheSize lookups kept per instance before the cache is emptied. Default 10,000 entries.
 */
@Validated
@ConfigurationProperties("pipeline.api-keys")
record ApiKeySettings(
        @DefaultValue("5s") Duration cacheTtl,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int cacheSize) {
}
