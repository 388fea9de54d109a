package dev.secondbrain.api.quota;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The read API's per-tenant quota ({@code pipeline.api.quota.*}), a token bucket per tenant per instance.
 *
 * @param requestsPerSecond requests a tenant may make per second; a search counts {@code searchCost}. Default 50.
 * @param searchCost        what one search counts (every match is ranked: it costs far more than a page). Default 10.
 * @param burst             unused rate a tenant may save up, as time at its rate. Default 1 s.
 */
@Validated
@ConfigurationProperties("pipeline.api.quota")
record QuotaSettings(
        @DefaultValue("50") @Min(1) int requestsPerSecond,
        @DefaultValue("10") @Min(1) int searchCost,
        @DefaultValue("1s") @NotNull Duration burst) {
}
