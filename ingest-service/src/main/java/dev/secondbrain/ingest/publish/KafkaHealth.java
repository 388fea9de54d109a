package dev.secondbrain.ingest.publish;

import dev.secondbrain.schemas.OwnedTopic;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code kafka} in the readiness group: the cluster the intake publishes to answers and has the events topic.
 * Without either every {@code POST /v1/events} would end in 503, so a load balancer should send connectors
 * elsewhere. It waits on Kafka at most {@link EventTopics#CHECK_TIMEOUT} (only for the first look; later probes
 * get the last look, at most {@link EventTopics#CHECK_REUSE} old, while the next one runs).
 */
@Component("kafka")
class KafkaHealth implements HealthIndicator {

    private final OwnedTopic events;

    KafkaHealth(OwnedTopic eventsTopic) {
        this.events = eventsTopic;
    }

    @Override
    public Health health() {
        return events.problem().map(problem -> Health.down().withDetail("error", problem).build())
                .orElseGet(() -> Health.up().withDetail("topic", events.name()).build());
    }
}
