package dev.secondbrain.api.webhooks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Webhooks ({@code pipeline.webhooks.*}); each is listed with its unit in the README.
 *
 * @param allowLoopback         deliver to (and register) loopback addresses; for tests and the local stack only
 * @param maxEndpointsPerTenant endpoints one tenant may register
 * @param maxUrlLength          longest endpoint URL, characters
 * @param secretGrace           after a rotation the previous secret also signs for this long
 * @param connectTimeout        connecting to a receiver
 * @param responseTimeout       a receiver's answer (status and headers), after the request was sent
 * @param maxResponseBody       of a receiver's answer at most this much is read (kept for the log: 200 characters)
 * @param pollInterval          how often the dispatcher looks for due deliveries
 * @param batchSize             deliveries of one endpoint sent in one turn, in order
 * @param concurrency           endpoints served at once by one instance
 * @param lease                 an instance serving an endpoint holds it this long (others take over after it)
 * @param firstRetry            wait before the first retry; doubled each attempt, with jitter
 * @param maxRetry              longest wait between two attempts
 */
@Validated
@ConfigurationProperties("pipeline.webhooks")
record WebhookSettings(
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue("10") @Min(1) @Max(1000) int maxEndpointsPerTenant,
        @DefaultValue("2048") @Min(16) @Max(2048) int maxUrlLength,
        @DefaultValue("24h") Duration secretGrace,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("16KB") DataSize maxResponseBody,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("100") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("16") @Min(1) int concurrency,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("1s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry) {
}
