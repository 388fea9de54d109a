package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.Topics;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The topic the change feed publishes to.
 *
 * @param changes committed document changes, one {@code DocumentChanged} per row change. Default {@value Topics#CHANGES}.
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record ChangeFeedTopics(@DefaultValue(Topics.CHANGES) @NotBlank String changes) {
}
