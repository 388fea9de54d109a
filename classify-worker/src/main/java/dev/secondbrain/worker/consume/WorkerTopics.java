package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Topics the worker reads and writes. The intake owns the events topic; the worker owns the dead-letter topic and
 * creates it when missing.
 *
 * @param events                  the topic consumed. Default {@value Topics#EVENTS}.
 * @param deadLetter              where records that cannot be applied go. Default {@value Topics#DEAD_LETTER}.
 * @param create                  create the dead-letter topic when missing (never changes an existing one); false =
 *                                only check it. Default true.
 * @param deadLetterPartitions    partitions of the dead-letter topic (dead letters are rare; one keeps them in order
 *                                for the replay). Default 1.
 * @param deadLetterRetention     how long dead letters are kept ({@code retention.ms}): longer than anyone takes to
 *                                fix their cause and replay them. Default 30 days.
 * @param deadLetterMaxRecordSize largest dead letter: the topic's {@code max.message.bytes} and the dead-letter
 *                                producer's {@code max.request.size}. Above the events topic's largest record (the
 *                                intake's 8 MB) plus the reason headers, or a large bad record could never be
 *                                dead-lettered. Default 9 MB.
 * @param replicationFactor       replicas of each dead-letter partition; unset = the broker's
 *                                {@code default.replication.factor}.
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record WorkerTopics(
        @DefaultValue(Topics.EVENTS) @NotBlank String events,
        @DefaultValue(Topics.DEAD_LETTER) @NotBlank String deadLetter,
        @DefaultValue("true") boolean create,
        @DefaultValue("1") @Min(1) @Max(10_000) int deadLetterPartitions,
        @DefaultValue("30d") @NotNull Duration deadLetterRetention,
        @DefaultValue("9MB") @NotNull DataSize deadLetterMaxRecordSize,
        @Min(1) @Max(32) Short replicationFactor) {
}
