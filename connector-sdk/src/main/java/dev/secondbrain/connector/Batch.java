package dev.secondbrain.connector;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Documents waiting to be sent, as the JSON they will be: a request is sent as soon as one more document would
 * break the intake's limits ({@link Intake#MAX_EVENTS_PER_REQUEST} events, {@link Intake#MAX_BODY_BYTES} bytes).
 */
final class Batch {

    private static final byte[] OPEN = "{\"events\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    private final Intake intake;
    private final String source;
    private final String syncId;
    private final List<byte[]> events = new ArrayList<>();
    private long bytes = OPEN.length + CLOSE.length;
    private long sent;

    Batch(Intake intake, String source, String syncId) {
        this.intake = intake;
        this.source = source;
        this.syncId = syncId;
    }

    synchronized void add(Document document) {
        var event = Intake.JSON.writeValueAsBytes(document.event(source, syncId));
        if (OPEN.length + CLOSE.length + event.length > Intake.MAX_BODY_BYTES) {
            throw new IllegalArgumentException(document.externalId() + " is larger than a request may be");
        }
        if (events.size() == Intake.MAX_EVENTS_PER_REQUEST || bytes + event.length + 1 > Intake.MAX_BODY_BYTES) {
            flush();
        }
        events.add(event);
        bytes += event.length + 1;
    }

    /** Sends what waits (nothing when empty); returns once the intake acknowledged it. */
    synchronized void flush() {
        if (events.isEmpty()) {
            return;
        }
        var body = new ByteArrayOutputStream((int) bytes);
        body.writeBytes(OPEN);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(events.get(i));
        }
        body.writeBytes(CLOSE);
        intake.send("POST", "/v1/events", body.toByteArray());
        sent += events.size();
        events.clear();
        bytes = OPEN.length + CLOSE.length;
    }

    /** Documents the intake acknowledged so far. */
    synchronized long sent() {
        return sent;
    }
}
