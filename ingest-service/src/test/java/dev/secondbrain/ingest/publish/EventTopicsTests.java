package dev.secondbrain.ingest.publish;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EventTopicsTests {

    private final PublishSettings publish = new PublishSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
            DataSize.ofMegabytes(8), Duration.ofMillis(1), DataSize.ofMegabytes(64));

    @Test
    void createsTheEventsTopicWithTheConfiguredPartitionsRetentionAndRecordSize() {
        var topic = EventTopics.newEventsTopic(
                new TopicSettings("documents.events", true, 12, Duration.ofDays(3), (short) 3), publish);

        assertThat(topic.name()).isEqualTo("documents.events");
        assertThat(topic.numPartitions()).isEqualTo(12);
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        assertThat(topic.configs()).containsEntry("max.message.bytes", String.valueOf(8 * 1024 * 1024))
                .containsEntry("retention.ms", String.valueOf(Duration.ofDays(3).toMillis()));
    }

    @Test
    void leavesReplicationToTheBrokerWhenUnset() {
        var topic = EventTopics.newEventsTopic(
                new TopicSettings("documents.events", true, 4, Duration.ofDays(7), null), publish);

        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
    }
}
