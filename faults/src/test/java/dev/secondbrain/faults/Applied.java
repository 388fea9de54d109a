package dev.secondbrain.faults;

import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The barrier "everything sent so far is applied", for many sequences at once: the events topic's end offsets
 * now, then a wait until the offsets the workers stored with their data reach them. One shared admin client
 * and one poller of the stored offsets serve every waiting sequence (instead of one of each per wait).
 */
final class Applied implements AutoCloseable {

    private final Stack stack;
    private final Admin admin;
    private final List<TopicPartition> partitions;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stored-offsets").daemon().factory());
    private volatile Map<Integer, Long> stored = Map.of();

    Applied(Stack stack) {
        this.stack = stack;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().bootstrapServers()));
        this.partitions = stack.endOffsets().keySet().stream()
                .map(p -> new TopicPartition(stack.topics().events(), p)).toList();
        poller.scheduleWithFixedDelay(this::poll, 0, 40, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            stored = stack.storedOffsets();
        } catch (RuntimeException e) {
            // the next poll tries again
        }
    }

    /** Returns once every event acknowledged before this call is applied (or dead-lettered). */
    void await() {
        var ends = ends();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(40))
                .until(() -> ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || stored.getOrDefault(e.getKey(), 0L) >= e.getValue()));
    }

    private Map<Integer, Long> ends() {
        var request = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
        try {
            var ends = new HashMap<Integer, Long>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end offsets", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        admin.close();
    }
}
