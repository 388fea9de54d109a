package dev.secondbrain.worker.consume;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consumer thread that dies is visible: the worker's health turns DOWN. */
class ConsumersTests {

    private static final WorkerSettings SETTINGS = new WorkerSettings(1, "g", "test", 10, Duration.ofMillis(50),
            Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1));

    private static Consumers consumers(MockConsumer<byte[], byte[]> client) {
        return new Consumers(Map.of(), null, null, SETTINGS,
                new WorkerTopics("events", "dlt", true, 1, Duration.ofDays(1), DataSize.ofMegabytes(1), null), i -> client);
    }

    @Test
    void healthIsDownWhenAConsumerThreadDies() {
        var client = new MockConsumer<byte[], byte[]>("earliest");
        client.setPollException(new KafkaException("broken client"));
        var consumers = consumers(client);
        consumers.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> consumers.health().getStatus().equals(Status.DOWN));
            assertThat(consumers.health().getDetails().get("error").toString()).contains("broken client");
        } finally {
            consumers.stop();
        }
    }

    @Test
    void controlHealthStaysUpWhileConsumerThreadsRun() {
        var consumers = consumers(new MockConsumer<>("earliest"));
        consumers.start();
        try {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> consumers.health().getStatus().equals(Status.UP));
        } finally {
            consumers.stop();
        }
    }
}
