package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.DocumentChanged;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes each batch of changes to the changes topic and only then marks it processed, so the engine
 * stores an offset only for changes Kafka acknowledged. Any failure is thrown, never logged and skipped:
 * the engine stops without committing the batch and {@link ChangeFeed} starts it again from the last
 * committed offset (at least once; a duplicate has the same lsn and version).
 */
final class ChangePublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;

    ChangePublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        var acks = new ArrayList<Future<RecordMetadata>>();
        for (var record : records) {
            ChangeMapping.from(record.record()).ifPresent(change -> acks.add(producer.send(toRecord(change))));
        }
        for (var ack : acks) {
            awaitAck(ack);
        }
        for (var record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    private ProducerRecord<String, byte[]> toRecord(DocumentChanged change) {
        var record = new ProducerRecord<>(topic, change.key(), EventCodec.mapper().writeValueAsBytes(change));
        record.headers().add(EventHeaders.TENANT_ID, change.tenantId().toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void awaitAck(Future<RecordMetadata> ack) throws InterruptedException {
        try {
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ChangeNotPublished(e.getCause());
        } catch (TimeoutException e) {
            throw new ChangeNotPublished(e);
        }
    }

    /** Kafka did not acknowledge a change; the batch is not committed and will be read again. */
    static final class ChangeNotPublished extends RuntimeException {

        ChangeNotPublished(Throwable cause) {
            super("change not acknowledged by Kafka: " + cause, cause);
        }
    }
}
