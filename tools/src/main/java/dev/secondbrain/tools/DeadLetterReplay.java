package dev.secondbrain.tools;

import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.List;
import java.util.Map;

/**
 * Replays the dead-letter topic into the events topic, once the cause is fixed: each record goes back with
 * its original key, value and headers (the dead-letter reason headers removed). Progress is the committed
 * offset of the consumer group {@value #GROUP}, so a replay that stops half-way resumes, and a second run
 * replays nothing twice. Records are re-published before their offsets are committed: at least once,
 * which the worker's version guard makes harmless.
 * With {@code --audit=<intake-url>} (and the admin token in {@code PIPELINE_ADMIN_TOKEN}) the replay is recorded
 * in the audit log of every tenant whose dead letters it re-published, with their number (the tool talks to Kafka
 * only, so the intake's admin API writes the entries).
 * Usage: {@code tools replay-dead-letters <bootstrap-servers> [dead-letter-topic] [events-topic] [--audit=<intake-url>]}.
 */
public final class DeadLetterReplay {

    static final String GROUP = "pipeline-dead-letter-replay";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(1);

    private DeadLetterReplay() {
    }

    static final String USAGE = "replay-dead-letters <bootstrap-servers> [dead-letter-topic] [events-topic] "
            + "[--audit=<intake-url>] (admin token in PIPELINE_ADMIN_TOKEN)";
    private static final String AUDIT = "--audit=";

    /** The {@code replay-dead-letters} command; returns the process's exit status. */
    static int run(String[] args) throws Exception {
        var audit = java.util.Arrays.stream(args).filter(a -> a.startsWith(AUDIT)).findFirst()
                .map(a -> a.substring(AUDIT.length()));
        args = java.util.Arrays.stream(args).filter(a -> !a.startsWith(AUDIT)).toArray(String[]::new);
        if (args.length < 1) {
            System.err.println("usage: " + USAGE);
            return 2;
        }
        var from = args.length > 1 ? args[1] : Topics.DEAD_LETTER;
        var to = args.length > 2 ? args[2] : Topics.EVENTS;
        var perTenant = new java.util.TreeMap<String, Long>();
        System.out.println("replayed " + replay(args[0], from, to, perTenant) + " records from " + from + " to " + to);
        if (audit.isEmpty()) {
            System.err.println("not recorded in the audit log: pass --audit=<intake-url> with PIPELINE_ADMIN_TOKEN");
            return 0;
        }
        if (!perTenant.isEmpty()) {
            new ConnectorClient(audit.get(), System.getenv("PIPELINE_ADMIN_TOKEN")).post("/v1/admin/audit",
                    Map.of("action", "dead_letter_replay", "counts", perTenant));
            System.out.println("recorded in the audit log of " + perTenant.size() + " tenants");
        }
        return 0;
    }

    /** Replays everything not replayed yet and returns how many records were re-published. */
    public static long replay(String bootstrapServers, String deadLetterTopic, String eventsTopic)
            throws InterruptedException, ExecutionException {
        return replay(bootstrapServers, deadLetterTopic, eventsTopic, new java.util.HashMap<>());
    }

    /**
     * Replays everything not replayed yet and returns how many records were re-published; {@code perTenant} gets
     * how many of each tenant's (by the {@code tenant-id} header; records without one are not counted there).
     */
    public static long replay(String bootstrapServers, String deadLetterTopic, String eventsTopic,
                              Map<String, Long> perTenant) throws InterruptedException, ExecutionException {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // offsets are committed only after the batch is acknowledged by the events topic
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(deadLetterTopic));
            long replayed = 0;
            // the end of the topic when the replay got its partitions: what arrives later waits for the next run
            Map<org.apache.kafka.common.TopicPartition, Long> end = null;
            long joinBy = System.nanoTime() + JOIN_TIMEOUT.toNanos();
            while (true) {
                var records = consumer.poll(POLL);
                var acks = new ArrayList<Future<RecordMetadata>>();
                for (var record : records) {
                    var copy = new ProducerRecord<>(eventsTopic, null, record.key(), record.value());
                    for (Header header : record.headers()) {
                        if (!isReasonHeader(header.key())) {
                            copy.headers().add(header);
                        }
                    }
                    acks.add(producer.send(copy));
                    tenantOf(record).ifPresent(tenant -> perTenant.merge(tenant, 1L, Long::sum));
                }
                for (var ack : acks) {
                    ack.get(); // a failed publish stops the replay before its offsets are committed
                }
                if (!acks.isEmpty()) {
                    replayed += acks.size();
                    consumer.commitSync();
                }
                if (consumer.assignment().isEmpty()) {
                    // joining the group (the broker may delay a first rebalance by seconds): not the end yet
                    if (System.nanoTime() > joinBy) {
                        throw new IllegalStateException("no partition of " + deadLetterTopic + " was assigned within "
                                + JOIN_TIMEOUT + ": does the topic exist, or does another replay hold it?");
                    }
                    continue;
                }
                if (end == null) {
                    end = consumer.endOffsets(consumer.assignment());
                }
                var ends = end;
                if (consumer.assignment().stream().allMatch(p -> consumer.position(p) >= ends.getOrDefault(p, 0L))) {
                    return replayed;
                }
            }
        }
    }

    /** The tenant a dead letter names in its header, if that is a tenant id at all (a bad record's may not be). */
    private static java.util.Optional<String> tenantOf(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record) {
        var header = record.headers().lastHeader(EventHeaders.TENANT_ID);
        if (header == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.util.UUID.fromString(
                    new String(header.value(), java.nio.charset.StandardCharsets.UTF_8)).toString());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** The dead-letter reason headers (EventHeaders.DLT_*) all start with this. */
    static boolean isReasonHeader(String name) {
        return name.startsWith(REASON_PREFIX);
    }

    private static final String REASON_PREFIX = EventHeaders.DLT_EXCEPTION_CLASS.substring(0, 4);
}
