package dev.secondbrain.ingest.intake;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code POST /v1/events}.
 *
 * @param maxBodySize             largest request body; larger gets 413 before it is read. Default 10 MB (MiB).
 * @param defaultEventsPerSecond  rate of a tenant without {@code events_per_second} of its own. Default 2,000 events/s.
 * @param burst                   how much unused rate a tenant may save up, in time at its rate. Default 1 s.
 */
@Validated
@ConfigurationProperties("pipeline.intake")
record IntakeSettings(
        @DefaultValue("10MB") @NotNull DataSize maxBodySize,
        @DefaultValue("2000") @Min(1) int defaultEventsPerSecond,
        @DefaultValue("1s") @NotNull Duration burst) {
}
