package dev.secondbrain.api.changes;

import dev.secondbrain.api.webhooks.ChangeDeliveries;
import dev.secondbrain.schemas.EventHeaders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance's one consumer of the changes topic (every partition, no consumer group: each instance needs every
 * tenant's changes for its streams). Each batch is first handed to webhooks ({@link ChangeDeliveries}: the deliveries
 * and the consumer's stored position, one transaction), then fanned out by tenant to the open streams of this
 * instance. It starts where the stored position says (so a restart misses no webhook), at the end of a partition
 * never stored. A failed hand-over (database away) reads the batch again after a pause; streams wait meanwhile.
 */
@Component
class ChangeHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeHub.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    /** Opening a stream waits for Kafka at most this long. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);
    /** How long a stream opened while the instance starts waits for the hub to take its partitions. */
    private static final Duration FIRST_PARTITIONS = Duration.ofSeconds(30);

    private final Consumers consumers;
    private final Admin admin;
    private final String topic;
    private final ChangeDeliveries deliveries;
    private final Object lock = new Object();
    /** Open subscriptions by tenant; guarded by {@link #lock} together with {@link #fannedOut}. */
    private final Map<UUID, Set<Subscription>> byTenant = new HashMap<>();
    /** The next offset of each partition not fanned out yet; null before the hub first took its partitions. */
    private Map<Integer, Long> fannedOut;
    private volatile boolean running;
    private Thread thread;

    ChangeHub(KafkaProperties kafka, ChangeTopic topic, ChangeDeliveries deliveries, MeterRegistry meters) {
        var bootstrap = String.join(",", kafka.getBootstrapServers());
        this.consumers = new Consumers(bootstrap);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // a stream is refused (503) rather than kept waiting when Kafka does not answer
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OPEN_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) OPEN_TIMEOUT.toMillis()));
        this.topic = topic.changes();
        this.deliveries = deliveries;
        Gauge.builder("pipeline.changes.consumers", consumers.open, AtomicInteger::get)
                .description("Kafka consumers of the changes topic open in this instance (the hub, and catch-up reads "
                        + "of streams resumed from far behind)").register(meters);
    }

    /**
     * The topic's end (a new stream starts there); {@link ChangeStream.ChangesUnavailable} when the topic is missing
     * or Kafka does not answer within {@code OPEN_TIMEOUT}.
     */
    StreamPosition end() {
        try {
            var description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            var latest = new HashMap<TopicPartition, OffsetSpec>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var position = new TreeMap<Integer, Long>();
            ends.forEach((p, info) -> position.put(p.partition(), info.offset()));
            return new StreamPosition(position);
        } catch (ExecutionException | TimeoutException e) {
            throw new ChangeStream.ChangesUnavailable("topic " + topic + " is missing or Kafka does not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangeStream.ChangesUnavailable("interrupted");
        }
    }

    Consumers consumers() {
        return consumers;
    }

    String topic() {
        return topic;
    }

    /**
     * Subscribes a stream of {@code tenant}: the changes from {@code start} on that the hub fans out from now on. The
     * subscription knows where the hub stood, so the stream reads what lies between start and there itself.
     */
    Subscription subscribe(UUID tenant, StreamPosition start) {
        synchronized (lock) {
            // a stream asked for while the instance starts waits for the hub's first partitions rather than get a 503
            long deadline = System.nanoTime() + FIRST_PARTITIONS.toNanos();
            while (fannedOut == null && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (fannedOut == null) {
                throw new ChangeStream.ChangesUnavailable("the changes consumer has not taken its partitions yet");
            }
            var from = new TreeMap<Integer, Long>();
            fannedOut.forEach((p, o) -> from.put(p, Math.max(o, start.nextOffsets().getOrDefault(p, 0L))));
            var subscription = new Subscription(tenant, from, Map.copyOf(fannedOut), this);
            byTenant.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(subscription);
            return subscription;
        }
    }

    void unsubscribe(Subscription subscription) {
        synchronized (lock) {
            var subscriptions = byTenant.get(subscription.tenant());
            if (subscriptions != null && subscriptions.remove(subscription) && subscriptions.isEmpty()) {
                byTenant.remove(subscription.tenant());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("changes").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(1));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (var consumer = consumers.open()) {
                consume(consumer);
            } catch (RuntimeException e) {
                log.warn("the changes consumer restarts: {}", e.toString());
                pause();
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> consumer) {
        var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            pause(); // the change feed creates the topic
            return;
        }
        consumer.assign(partitions);
        var stored = deliveries.position(topic);
        var unstored = partitions.stream().filter(p -> !stored.containsKey(p.partition())).toList();
        consumer.seekToEnd(unstored);
        partitions.stream().filter(p -> stored.containsKey(p.partition()))
                .forEach(p -> consumer.seek(p, stored.get(p.partition())));
        var start = new TreeMap<Integer, Long>();
        partitions.forEach(p -> start.put(p.partition(), consumer.position(p)));
        // a partition's end is stored at once: a restart before its first change must not skip that change
        deliveries.enqueue(topic, List.of(), start);
        synchronized (lock) {
            fannedOut = new TreeMap<>(start);
            lock.notifyAll();
        }
        while (running) {
            var batch = new ArrayList<ConsumerRecord<String, byte[]>>();
            consumer.poll(POLL).forEach(batch::add);
            if (batch.isEmpty()) {
                continue;
            }
            var next = new TreeMap<Integer, Long>();
            batch.forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
            deliveries.enqueue(topic, batch, next);
            fanOut(batch);
        }
    }

    private void fanOut(List<ConsumerRecord<String, byte[]>> batch) {
        synchronized (lock) {
            for (var record : batch) {
                fannedOut.put(record.partition(), record.offset() + 1);
                var header = record.headers().lastHeader(EventHeaders.TENANT_ID);
                var subscriptions = header == null ? null : byTenant.get(tenant(header.value()));
                if (subscriptions != null) {
                    subscriptions.forEach(s -> s.offer(record));
                }
            }
        }
    }

    private static UUID tenant(byte[] header) {
        try {
            return UUID.fromString(new String(header, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
