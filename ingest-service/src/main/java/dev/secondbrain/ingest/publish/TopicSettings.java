package dev.secondbrain.ingest.publish;

import dev.secondbrain.schemas.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Topic names and how the intake, the owner of the events topic, creates it.
 *
 * @param events            the topic the intake publishes to. Default {@value Topics#EVENTS}.
 * @param create            create the events topic when missing (never shrinks or reconfigures one); false = only
 *                          check it. Default true.
 * @param partitions        partitions of the events topic: the most workers that can share the load. Default 12.
 * @param retention         how long the events topic keeps records ({@code retention.ms}): how far back a worker
 *                          can replay. Default 7 days.
 * @param replicationFactor replicas of each partition; unset = the broker's {@code default.replication.factor}.
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record TopicSettings(
        @DefaultValue(Topics.EVENTS) @NotBlank String events,
        @DefaultValue("true") boolean create,
        @DefaultValue("12") @Min(1) @Max(10_000) int partitions,
        @DefaultValue("7d") @NotNull Duration retention,
        @Min(1) @Max(32) Short replicationFactor) {
}
