package dev.secondbrain.api.changes;

import dev.secondbrain.schemas.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One client's view of the changes topic: the tenant's changes the instance's one consumer ({@link ChangeHub}) fans
 * out, from where the client's last event left off or from the topic's end (now). A stream resumed from behind the
 * hub first reads the gap itself ({@link CatchUp}), then follows the hub.
 */
final class ChangeStream implements AutoCloseable {

    /** A change of this tenant with the position just after it. */
    record Change(byte[] json, StreamPosition position) {
    }

    private final Subscription live;
    private final byte[] tenant;
    private CatchUp catchUp;
    private StreamPosition position;

    /** {@code start}: the client's Last-Event-ID, or the topic's end offsets (a new stream starts now). */
    ChangeStream(ChangeHub hub, UUID tenant, StreamPosition start) {
        this.tenant = tenant.toString().getBytes(StandardCharsets.UTF_8);
        this.live = hub.subscribe(tenant, start);
        this.position = start;
        if (CatchUp.needed(start.nextOffsets(), live.hubPosition())) {
            try {
                catchUp = new CatchUp(hub.consumers(), hub.topic(), start.nextOffsets(), live.hubPosition());
            } catch (RuntimeException e) {
                live.close();
                throw new ChangesUnavailable(e.toString());
            }
        }
    }

    StreamPosition position() {
        return position;
    }

    /** The tenant's changes that arrived within {@code timeout}, each with the position after it. */
    List<Change> poll(Duration timeout) throws InterruptedException {
        if (live.overrun()) {
            throw new ChangesUnavailable("the stream fell too far behind; the client resumes with its last id");
        }
        if (catchUp != null) {
            var changes = changes(catchUp.poll(timeout));
            if (catchUp.done()) {
                catchUp.close();
                catchUp = null;
                // nothing of this tenant lies between here and the hub's position: the id moves up to it
                var caughtUp = new TreeMap<>(position.nextOffsets());
                live.hubPosition().forEach((p, o) -> caughtUp.merge(p, o, Math::max));
                position = new StreamPosition(caughtUp);
            }
            return changes;
        }
        return changes(live.poll(timeout));
    }

    private List<Change> changes(List<ConsumerRecord<String, byte[]>> records) {
        var changes = new ArrayList<Change>();
        for (var record : records) {
            position = position.advancedPast(record.partition(), record.offset());
            var header = record.headers().lastHeader(EventHeaders.TENANT_ID);
            if (header != null && Arrays.equals(header.value(), tenant)) {
                changes.add(new Change(record.value(), position));
            }
        }
        return changes;
    }

    @Override
    public void close() {
        live.close();
        if (catchUp != null) {
            catchUp.close();
        }
    }

    /** No stream can be served now (the changes topic is missing, or Kafka does not answer): 503, try again. */
    static final class ChangesUnavailable extends RuntimeException {

        ChangesUnavailable(String reason) {
            super(reason);
        }
    }
}
