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
 * Usage: {@code tools replay-dead-letters <bootstrap-servers> [dead-letter-topic] [events-topic]}.
 */
public final class DeadLetterReplay {

    static final String GROUP = "pipeline-dead-letter-replay";
    private static final Duration IDLE = Duration.ofSeconds(3);

    private DeadLetterReplay() {
    }

    static final String USAGE = "replay-dead-letters <bootstrap-servers> [dead-letter-topic] [events-topic]";

    /** The {@code replay-dead-letters} command; returns the process's exit status. */
    static int run(String[] args) throws InterruptedException, ExecutionException {
        if (args.length < 1) {
            System.err.println("usage: " + USAGE);
            return 2;
        }
        var from = args.length > 1 ? args[1] : Topics.DEAD_LETTER;
        var to = args.length > 2 ? args[2] : Topics.EVENTS;
        System.out.println("replayed " + replay(args[0], from, to) + " records from " + from + " to " + to);
        return 0;
    }

    /** Replays everything not replayed yet and returns how many records were re-published. */
    public static long replay(String bootstrapServers, String deadLetterTopic, String eventsTopic)
            throws InterruptedException, ExecutionException {
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
            while (true) {
                var records = consumer.poll(IDLE);
                if (records.isEmpty()) {
                    return replayed;
                }
                var acks = new ArrayList<Future<RecordMetadata>>();
                for (var record : records) {
                    var copy = new ProducerRecord<>(eventsTopic, null, record.key(), record.value());
                    for (Header header : record.headers()) {
                        if (!isReasonHeader(header.key())) {
                            copy.headers().add(header);
                        }
                    }
                    acks.add(producer.send(copy));
                }
                for (var ack : acks) {
                    ack.get(); // a failed publish stops the replay before its offsets are committed
                }
                replayed += acks.size();
                consumer.commitSync();
            }
        }
    }

    /** The dead-letter reason headers (EventHeaders.DLT_*) all start with this. */
    static boolean isReasonHeader(String name) {
        return name.startsWith(REASON_PREFIX);
    }

    private static final String REASON_PREFIX = EventHeaders.DLT_EXCEPTION_CLASS.substring(0, 4);
}
