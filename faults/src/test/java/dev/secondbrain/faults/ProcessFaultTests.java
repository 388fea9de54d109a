package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.local.LocalOptions;
import dev.secondbrain.local.LocalPipeline;
import dev.secondbrain.local.ServiceProcess;
import dev.secondbrain.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployment as separate processes, as an operator runs it without Docker: the local stack starts PostgreSQL and
 * an empty Kafka broker (auto-create off) in the launcher, and the intake, two workers, the change feed and the API
 * each as its own JVM from its executable jar with docker-compose's environment variables; every topic is created
 * by its owner. While 30,000 events arrive through the intake, each worker process and then the intake are killed
 * with {@code kill -9} and started again by the launcher's supervisor; a bad record produced straight to the topic
 * must be dead-lettered. The oracle then checks the store against what every client was told.
 */
class ProcessFaultTests {

    static final int CLIENTS = 3;
    static final int REQUESTS_PER_CLIENT = 500;
    static final int EVENTS_PER_REQUEST = 20;
    static final int EVENTS = CLIENTS * REQUESTS_PER_CLIENT * EVENTS_PER_REQUEST;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // five JVMs, a broker and PostgreSQL on the test machine's cores
    void killingEachWorkerProcessAndTheIntakeUnderLoadLosesAndDoublesNothing() throws Exception {
        try (var pipeline = LocalPipeline.start(LocalOptions.throwaway().withWorkers(2).withRestartServices(true))) {
            var stack = Stack.over(pipeline);
            var oracle = new Oracle();
            var tenants = stack.tenants(300);
            produceBadRecord(pipeline, oracle);
            var load = new Load(stack, oracle, tenants, 40, Duration.ofMinutes(3))
                    .start(CLIENTS, REQUESTS_PER_CLIENT, EVENTS_PER_REQUEST);

            // distinct events: an older event sent again counts once
            killWhenAcknowledged(pipeline, "classify-worker", oracle, EVENTS / 10);
            assertThat(load).as("control: killed mid-load").isNotDone();
            killWhenAcknowledged(pipeline, "classify-worker-2", oracle, EVENTS / 4);
            assertThat(load).isNotDone();
            killWhenAcknowledged(pipeline, "ingest-service", oracle, EVENTS * 2 / 5);
            assertThat(load).isNotDone();

            load.join();
            for (var name : new String[] {"classify-worker", "classify-worker-2", "ingest-service"}) {
                await().atMost(Duration.ofMinutes(3)).until(() -> pipeline.service(name).process().isPresent());
            }
            stack.awaitDrained(Duration.ofMinutes(5));
            assertThat(oracle.count(Outcome.INDETERMINATE) + oracle.count(Outcome.REJECTED))
                    .as("every request got through on a retry").isZero();
            assertThat(stack.check(oracle)).isEmpty();
        }
    }

    /** Waits until {@code acknowledged} distinct events were acknowledged, then kills the service's process. */
    private static void killWhenAcknowledged(LocalPipeline pipeline, String name, Oracle oracle, long acknowledged)
            throws InterruptedException {
        await().atMost(Duration.ofMinutes(5)).until(() -> oracle.count(Outcome.ACKNOWLEDGED) >= acknowledged);
        ServiceProcess service = pipeline.service(name);
        var process = await().atMost(Duration.ofMinutes(3)).until(service::process, java.util.Optional::isPresent)
                .orElseThrow();
        process.destroyForcibly().waitFor();
    }

    /** A record that is not an event, straight on the events topic as a broken connector would write it. */
    private static void produceBadRecord(LocalPipeline pipeline, Oracle oracle) throws Exception {
        var key = "00000000-0000-0000-0000-00000000bad0/not-json";
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, key.getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        oracle.produced(key);
    }
}
