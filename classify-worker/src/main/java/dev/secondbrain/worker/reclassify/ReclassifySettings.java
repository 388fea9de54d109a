package dev.secondbrain.worker.reclassify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Reclassify jobs ({@code pipeline.reclassify.*}).
 *
 * @param chunkSize documents read, classified and written per committed transaction
 * @param interval  how often the worker looks for reclassify jobs the API recorded
 */
@Validated
@ConfigurationProperties("pipeline.reclassify")
public record ReclassifySettings(
        @DefaultValue("1000") @Min(1) @Max(10_000) int chunkSize,
        @DefaultValue("1s") @NotNull Duration interval) {
}
