package dev.secondbrain.ingest.publish;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the intake hands events to Kafka.
 *
 * @param timeout       the longest a request waits for Kafka: bounds {@code max.block.ms} (metadata, full buffer)
 *                      and {@code delivery.timeout.ms} (acknowledgement); past it the answer is 503. Default 5 s.
 * @param retryAfter    the {@code Retry-After} of that 503. Default 5 s.
 * @param maxRecordSize largest record value; also the events topic's {@code max.message.bytes} when the intake
 *                      creates it. A 1 MiB content can take up to 6 MiB as escaped JSON. Default 8 MB.
 * @param linger        how long the producer waits to fill a batch; every request waits it once, so keep it
 *                      short (concurrent requests batch anyway while earlier sends are in flight). Default 1 ms.
 * @param bufferMemory  producer buffer for records not yet acknowledged; when full, sends wait up to
 *                      {@code timeout}, then 503. Default 64 MB.
 */
@Validated
@ConfigurationProperties("pipeline.intake.publish")
record PublishSettings(
        @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue("8MB") @NotNull DataSize maxRecordSize,
        @DefaultValue("1ms") @NotNull Duration linger,
        @DefaultValue("64MB") @NotNull DataSize bufferMemory) {

    PublishSettings {
        if (timeout.toMillis() < 500 || timeout.toMillis() < linger.toMillis() + 500) {
            throw new IllegalArgumentException("pipeline.intake.publish.timeout must be at least 500ms more than linger");
        }
    }
}
