package dev.secondbrain.ingest.publish;

/** An event whose record would exceed the largest record Kafka accepts; nothing of the request was sent. */
public class EventTooLarge extends RuntimeException {

    private final int index;

    EventTooLarge(int index, long bytes, long maxBytes) {
        super("is " + bytes + " bytes as JSON, more than the " + maxBytes + " bytes a record may have");
        this.index = index;
    }

    /** The event's position in the request. */
    public int index() {
        return index;
    }
}
