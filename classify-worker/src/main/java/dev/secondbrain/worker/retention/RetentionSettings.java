package dev.secondbrain.worker.retention;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Retention of deleted documents' content ({@code pipeline.deletes.*}).
 *
 * @param retention       how long user and sweep tombstones keep their content (restore and revert bring them
 *                        back whole within it); then the content is erased and they can no longer be restored
 * @param purgeChunkSize  tombstones erased per committed transaction
 * @param purgeInterval   how often the worker looks for tombstones past the retention
 */
@Validated
@ConfigurationProperties("pipeline.deletes")
public record RetentionSettings(
        @DefaultValue("30d") @NotNull Duration retention,
        @DefaultValue("1000") @Min(1) int purgeChunkSize,
        @DefaultValue("1m") @NotNull Duration purgeInterval) {
}
