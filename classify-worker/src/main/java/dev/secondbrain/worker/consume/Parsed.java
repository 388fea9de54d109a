package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.schemas.EventRules;
import dev.secondbrain.schemas.MalformedEvent;
import dev.secondbrain.worker.dedup.Received;
import dev.secondbrain.worker.deadletter.DeadLetters.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A polled batch split into valid events and records to dead-letter: not JSON, wrong shape, rules broken, or
 * a record that says it is another document than its event (key not {@code <tenantId>/<externalId>} of the
 * event, or a {@code tenant-id} header naming another tenant): such a record would be ordered on the wrong
 * partition, or be one tenant's producer writing into another tenant.
 */
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
        if (record.key() == null || !Arrays.equals(record.key(), event.key().getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidEvent("record key must be <tenantId>/<externalId> of the event");
        }
        var tenantHeader = record.headers().lastHeader(EventHeaders.TENANT_ID);
        if (tenantHeader != null && !event.tenantId().toString().equals(
                new String(tenantHeader.value() == null ? new byte[0] : tenantHeader.value(), StandardCharsets.UTF_8))) {
            throw new InvalidEvent("tenant-id header does not name the event's tenant");
        }
        var violations = EventRules.violations(event);
        if (!violations.isEmpty()) {
            throw new InvalidEvent(violations);
        }
        return event;
    }
}
