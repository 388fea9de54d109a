package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.CheckpointMarked;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.worker.store.Checkpoints;
import tools.jackson.core.JacksonException;
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
 * A polled batch split into valid events, checkpoint markers (header {@code event-type: CheckpointMarked}) and records to dead-letter: not JSON, wrong shape, rules broken, or
 * a record that says it is another document than its event (key not {@code <tenantId>/<externalId>} of the
 * event, or a {@code tenant-id} header naming another tenant): such a record would be ordered on the wrong
 * partition, or be one tenant's producer writing into another tenant.
 */
record Parsed(List<Received> valid, List<Checkpoints.Passed> markers, List<DeadLetter> invalid) {

    static Parsed of(List<ConsumerRecord<byte[], byte[]>> records) {
        var valid = new ArrayList<Received>(records.size());
        var markers = new ArrayList<Checkpoints.Passed>();
        var invalid = new ArrayList<DeadLetter>();
        for (var record : records) {
            try {
                if (isMarker(record)) {
                    markers.add(marker(record));
                } else {
                    valid.add(new Received(read(record), record));
                }
            } catch (MalformedEvent | InvalidEvent e) {
                invalid.add(new DeadLetter(record, e));
            }
        }
        return new Parsed(valid, markers, invalid);
    }

    private static boolean isMarker(ConsumerRecord<byte[], byte[]> record) {
        var type = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        return type != null && type.value() != null
                && CheckpointMarked.TYPE.equals(new String(type.value(), StandardCharsets.UTF_8));
    }

    /** A checkpoint marker: this partition passed it. Its key and tenant header must name it, as for an event. */
    private static Checkpoints.Passed marker(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new InvalidEvent("record has no value");
        }
        CheckpointMarked marker;
        try {
            marker = EventCodec.mapper().readValue(record.value(), CheckpointMarked.class);
        } catch (JacksonException e) {
            throw new MalformedEvent(e.getOriginalMessage(), e);
        }
        if (marker.tenantId() == null || marker.checkpointId() == null || marker.partitions() < 1
                || !CheckpointMarked.TYPE.equals(marker.type())) {
            throw new InvalidEvent("a CheckpointMarked needs type, tenantId, checkpointId and partitions >= 1");
        }
        if (record.key() == null || !Arrays.equals(record.key(), marker.key().getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidEvent("record key must be <tenantId>/checkpoint:<checkpointId> of the marker");
        }
        var tenantHeader = record.headers().lastHeader(EventHeaders.TENANT_ID);
        if (tenantHeader != null && !marker.tenantId().toString().equals(
                new String(tenantHeader.value() == null ? new byte[0] : tenantHeader.value(), StandardCharsets.UTF_8))) {
            throw new InvalidEvent("tenant-id header does not name the marker's tenant");
        }
        return new Checkpoints.Passed(marker.tenantId(), marker.checkpointId(), record.partition());
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
