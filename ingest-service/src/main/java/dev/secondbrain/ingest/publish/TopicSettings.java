package dev.secondbrain.ingest.publish;

import dev.secondbrain.schemas.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Topic names and how the intake, the owner of the events topic, creates it.
 *
 * @param events            the topic the intake publishes to. Default {@value Topics#EVENTS}.
 * @param deadLetter        dead letters (owned by the worker). Default {@value Topics#DEAD_LETTER}.
 * @param changes           change feed (owned by the worker). Default {@value Topics#CHANGES}.
 * @param create            create the events topic at startup if missing (never shrinks or reconfigures one). Default true.
 * @param partitions        partitions of the events topic: the most workers that can share the load. Default 12.
 * @param replicationFactor replicas of each partition; unset = the broker's {@code default.replication.factor}.
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record TopicSettings(
        @DefaultValue(Topics.EVENTS) @NotBlank String events,
        @DefaultValue(Topics.DEAD_LETTER) @NotBlank String deadLetter,
        @DefaultValue(Topics.CHANGES) @NotBlank String changes,
        @DefaultValue("true") boolean create,
        @DefaultValue("12") @Min(1) @Max(10_000) int partitions,
        @Min(1) @Max(32) Short replicationFactor) {
}
