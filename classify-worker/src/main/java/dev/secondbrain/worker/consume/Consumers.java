package dev.secondbrain.worker.consume;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import dev.secondbrain.worker.store.ConsumerOffsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Starts {@code pipeline.worker.consumers} consumer threads at startup, stops them at shutdown, and is the
 * health of the worker: DOWN as soon as one consumer thread ended on its own (it would silently stop
 * consuming its partitions otherwise).
 */
final class Consumers implements SmartLifecycle, HealthIndicator {

    private final Map<String, Object> kafkaProperties;
    private final Batches batches;
    private final ConsumerOffsets offsets;
    private final WorkerSettings settings;
    private final WorkerTopics topics;
    private final List<ConsumerLoop> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final IntFunction<Consumer<byte[], byte[]>> clients;
    private volatile boolean running;
    private MeterRegistry registry;
    private final Map<Integer, KafkaClientMetrics> clientMetrics = new java.util.concurrent.ConcurrentHashMap<>();

    /** Consumers whose Kafka client metrics (records lag per partition among them) go to {@code registry}. */
    Consumers(Map<String, Object> kafkaProperties, Batches batches, ConsumerOffsets offsets,
              WorkerSettings settings, WorkerTopics topics, MeterRegistry registry) {
        this(kafkaProperties, batches, offsets, settings, topics, (IntFunction<Consumer<byte[], byte[]>>) null);
        this.registry = registry;
    }

    /** {@code clients} replaces the Kafka client per thread (tests of the health only). */
    Consumers(Map<String, Object> kafkaProperties, Batches batches, ConsumerOffsets offsets,
              WorkerSettings settings, WorkerTopics topics, IntFunction<Consumer<byte[], byte[]>> clients) {
        this.clients = clients != null ? clients : this::measuredClient;
        this.kafkaProperties = kafkaProperties;
        this.batches = batches;
        this.offsets = offsets;
        this.settings = settings;
        this.topics = topics;
    }

    private Consumer<byte[], byte[]> measuredClient(int index) {
        var client = new KafkaConsumer<byte[], byte[]>(consumerProperties(index));
        if (registry != null) {
            // the client's own metrics; records-lag per assigned partition is what an operator watches. A thread
            // that makes a new client (rejoining after UNRELEASED_INSTANCE_ID) drops the old client's meters.
            var metrics = new KafkaClientMetrics(client);
            metrics.bindTo(registry);
            var previous = clientMetrics.put(index, metrics);
            if (previous != null) {
                previous.close();
            }
        }
        return client;
    }

    Map<String, Object> consumerProperties(int index) {
        var properties = new HashMap<>(kafkaProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Kafka's consumer group protocol (KIP-848): the broker assigns partitions incrementally, so a member that
        // joins or dies moves only its own partitions and the others never stop; the session timeout after which a
        // dead member's partitions move is the broker's group.consumer.session.timeout.ms (see README)
        properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        // a static member: a worker stopped cleanly that restarts within the session timeout gets its own partitions
        // back at once; one killed with kill -9 is refused until the timeout releases its id (ConsumerLoop rejoins)
        var member = settings.instance() + "-" + index;
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member);
        // one client id per consumer of every process, so broker logs, quotas and metrics tell them apart
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + member);
        // offsets are stored in PostgreSQL with each batch; Kafka's copy is written after, for lag tooling only
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only a fallback: on assignment we always seek (stored offset, else the beginning)
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the upper bound of one micro-batch, i.e. of one transaction
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // a batch retries through a database outage without polling; stay in the group that long
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        // raw bytes: parsing is ours, so a bad record is dead-lettered instead of failing the poll
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    @Override
    public synchronized void start() {
        for (int i = 0; i < settings.consumers(); i++) {
            int index = i;
            var loop = new ConsumerLoop(() -> clients.apply(index), batches, offsets, settings, topics.events());
            var thread = Thread.ofPlatform().name("worker-consumer-" + i).start(loop);
            loops.add(loop);
            threads.add(thread);
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        loops.forEach(ConsumerLoop::stop);
        for (var thread : threads) {
            try {
                thread.join(settings.maxPollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        loops.clear();
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        var down = loops.stream().filter(l -> l.finished() || l.failure() != null).toList();
        if (running && !down.isEmpty()) {
            var failure = down.getFirst().failure();
            return Health.down().withDetail("stoppedConsumers", down.size())
                    .withDetail("error", failure == null ? "ended" : failure.toString()).build();
        }
        var rejoining = loops.stream().filter(l -> l.refused() != null).toList();
        if (running && !rejoining.isEmpty()) {
            return Health.down().withDetail("rejoiningConsumers", rejoining.size())
                    .withDetail("error", rejoining.getFirst().refused().getMessage()).build();
        }
        return Health.up().withDetail("consumers", loops.size()).build();
    }
}
