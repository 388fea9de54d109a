package dev.secondbrain.schemas;

import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A topic as its writer sees it: created by its owner when missing, reported when missing otherwise. */
class OwnedTopicIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REUSE = Duration.ofMillis(200);

    private final Admin admin = Admin.create(cluster());
    private final String name = "owned." + UUID.randomUUID();

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void itsOwnerCreatesTheMissingTopicWithItsPartitionsAndConfigs() throws Exception {
        try (var topic = new OwnedTopic(cluster(), topic(3), true, TIMEOUT, REUSE)) {
            assertThat(exists()).as("control: missing before").isFalse();

            assertThat(topic.ensure(Duration.ofSeconds(10))).isEmpty();

            assertThat(partitions()).isEqualTo(3);
            var configs = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name)))
                    .all().get().values().iterator().next();
            assertThat(configs.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(topic.problem()).isEmpty();
        }
    }

    @Test
    void anExistingTopicIsNeverChanged() throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        try (var topic = new OwnedTopic(cluster(), topic(5), true, TIMEOUT, REUSE)) {
            assertThat(topic.ensure(Duration.ofSeconds(10))).isEmpty();
        }
        assertThat(partitions()).as("its owner would have made 5").isEqualTo(1);
    }

    @Test
    void itsOwnerCreatesItAgainWhenALaterLookFindsItMissing() throws Exception {
        try (var topic = new OwnedTopic(cluster(), topic(2), true, TIMEOUT, REUSE)) {
            topic.ensure(Duration.ofSeconds(10));
            admin.deleteTopics(List.of(name)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !exists());

            await().atMost(Duration.ofSeconds(30)).until(() -> topic.problem().isEmpty() && exists());
        }
    }

    @Test
    void aWriterThatMayNotCreateItSaysItIsMissingUntilItExists() throws Exception {
        try (var topic = new OwnedTopic(cluster(), topic(1), false, TIMEOUT, REUSE)) {
            assertThat(topic.problem()).hasValueSatisfying(p -> assertThat(p).contains(name, "does not exist"));
            assertThat(exists()).as("it did not create it").isFalse();

            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> topic.problem().isEmpty());
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerIsReportedWithinTheTimeoutNotWaitedFor() {
        try (var topic = new OwnedTopic(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort()),
                topic(1), true, TIMEOUT, REUSE)) {
            var problem = assertTimeoutPreemptively(Duration.ofSeconds(10), topic::problem);
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains(name));
            // later probes answer from the last look while the next one runs
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), topic::problem)).isPresent();
        }
    }

    private NewTopic topic(int partitions) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(Map.of("retention.ms", "3600000"));
    }

    /** The topic's partitions, once the broker's metadata has it (just after creation it may not yet). */
    private int partitions() {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size(), n -> n > 0);
    }

    private boolean exists() throws Exception {
        return admin.listTopics().names().get().contains(name);
    }

    private static Map<String, Object> cluster() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers());
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
