package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventRules;
import dev.secondbrain.schemas.MalformedEvent;
import dev.secondbrain.worker.dedup.Received;
import dev.secondbrain.worker.deadletter.DeadLetters.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

/** A polled batch split into valid events and records to dead-letter (not JSON, wrong shape, rules broken). */
record Parsed(List<Received> valid, List<DeadLetter> invalid) {

    static Parsed of(List<ConsumerRecord<byte[], byte[]>> records) {
        var valid = new ArrayList<Received>(records.size());
        var invalid = new ArrayList<DeadLetter>();
        for (var record : records) {
            try {
                valid.add(new Received(read(record), record));
            } catch (MalformedEvent | InvalidEvent e) {
                invalid.add(new DeadLetter(record, e));
            }
        }
        return new Parsed(valid, invalid);
    }

    private static dev.secondbrain.schemas.DocumentEvent read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new InvalidEvent("record has no value");
        }
        var event = EventCodec.read(record.value());
        if (event.tenantId() == null) {
            throw new InvalidEvent("tenantId is required on the topic");
        }
        var violations = EventRules.violations(event);
        if (!violations.isEmpty()) {
            throw new InvalidEvent(violations);
        }
        return event;
    }
}
