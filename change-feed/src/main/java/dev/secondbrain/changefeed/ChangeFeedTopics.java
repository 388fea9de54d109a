package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.OwnedTopic;
import dev.secondbrain.schemas.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The topic the change feed publishes to, which it owns: created when missing (never changed when it exists).
 *
 * @param changes           committed document changes, one {@code DocumentChanged} per row change. Default {@value Topics#CHANGES}.
 * @param create            create it when missing; false = only check it. Default true.
 * @param changesPartitions its partitions (a change stream reads them all; more only spread the broker's load). Default 3.
 * @param changesRetention  how long changes are kept ({@code retention.ms}): how long a client may stay away and still
 *                          resume with its Last-Event-ID. Default 7 days.
 * @param replicationFactor replicas of each partition; unset = the broker's {@code default.replication.factor}.
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record ChangeFeedTopics(
        @DefaultValue(Topics.CHANGES) @NotBlank String changes,
        @DefaultValue("true") boolean create,
        @DefaultValue("3") @Min(1) @Max(10_000) int changesPartitions,
        @DefaultValue("7d") @NotNull Duration changesRetention,
        @Min(1) @Max(32) Short replicationFactor) {

    /** The longest one look at the broker may take: readiness never waits longer on Kafka. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
    /** How long readiness reuses the last look. */
    static final Duration CHECK_REUSE = Duration.ofSeconds(5);

    NewTopic newChangesTopic() {
        return new NewTopic(changes, Optional.of(changesPartitions), Optional.ofNullable(replicationFactor))
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(changesRetention.toMillis())));
    }

    /** The changes topic as the feed sees it, on the cluster of {@code adminProperties}. */
    public OwnedTopic owned(Map<String, Object> adminProperties) {
        return new OwnedTopic(adminProperties, newChangesTopic(), create, CHECK_TIMEOUT, CHECK_REUSE);
    }
}
