package dev.secondbrain.worker.dedup;

import dev.secondbrain.schemas.DocumentEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A parsed, valid event and the record it came in, kept so the record can be dead-lettered as it was. */
public record Received(DocumentEvent event, ConsumerRecord<byte[], byte[]> record) {

    public String key() {
        return event.key();
    }
}
