package dev.secondbrain.api.changes;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code GET /v1/changes} ({@code pipeline.changes.*}).
 *
 * @param maxStreams        concurrent streams per API instance (all served by its one Kafka consumer); beyond it, 503
 * @param maxStreamsPerTenant concurrent streams of one tenant per API instance; beyond it, 429 (default 4)
 * @param maxStreamDuration a stream ends after this; EventSource clients reconnect with Last-Event-ID
 * @param keepAlive         a comment is sent when nothing happened for this long, so proxies keep the line open
 */
@Validated
@ConfigurationProperties("pipeline.changes")
record ChangeStreamSettings(
        @DefaultValue("64") @Min(1) int maxStreams,
        @DefaultValue("4") @Min(1) int maxStreamsPerTenant,
        @DefaultValue("5m") Duration maxStreamDuration,
        @DefaultValue("15s") Duration keepAlive) {
}
