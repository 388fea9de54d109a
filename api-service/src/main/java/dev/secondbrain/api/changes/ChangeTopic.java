package dev.secondbrain.api.changes;

import dev.secondbrain.schemas.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The change feed topic the worker publishes to ({@code pipeline.topics.changes}). */
@ConfigurationProperties("pipeline.topics")
record ChangeTopic(@DefaultValue(Topics.CHANGES) String changes) {
}
