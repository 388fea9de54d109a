package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.Topics;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Topics the worker reads and writes (the intake owns and creates the events topic).
 *
 * @param events     the topic consumed. Default {@value Topics#EVENTS}.
 * @param deadLetter where records that cannot be applied go. Default {@value Topics#DEAD_LETTER}.
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record WorkerTopics(
        @DefaultValue(Topics.EVENTS) @NotBlank String events,
        @DefaultValue(Topics.DEAD_LETTER) @NotBlank String deadLetter) {
}
