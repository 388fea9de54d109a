package dev.secondbrain.access;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * API key lookups ({@code pipeline.api-keys.*}).
 *
 * @param cacheTtl  how long a lookup (found or not) is reused: the revocation delay. A key revoked on another
 *                  instance (or expired) still works here for at most this long, and an open change stream of it
 *                  ends within it. 0 = no cache. Default 5 s.
 * @param cacheSize most lookups kept per instance (least recently used go first). Default 10,000 entries.
 */
@Validated
@ConfigurationProperties("pipeline.api-keys")
record ApiKeySettings(
        @DefaultValue("5s") @NotNull Duration cacheTtl,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int cacheSize) {
}
