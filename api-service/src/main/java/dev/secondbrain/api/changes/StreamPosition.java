package dev.secondbrain.api.changes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a change stream stands on the changes topic: the next offset of every partition. It is the SSE
 * event id, so a client that reconnects with {@code Last-Event-ID} resumes exactly after the last change it
 * received, whichever partitions the changes came from.
 */
record StreamPosition(Map<Integer, Long> nextOffsets) {

    private static final int MAX_ID_CHARS = 4096;

    StreamPosition {
        nextOffsets = Map.copyOf(nextOffsets);
    }

    StreamPosition advancedPast(int partition, long offset) {
        var next = new TreeMap<>(nextOffsets);
        next.put(partition, offset + 1);
        return new StreamPosition(next);
    }

    String eventId() {
        var text = new StringBuilder();
        new TreeMap<>(nextOffsets).forEach((p, o) -> text.append(text.isEmpty() ? "" : ",").append(p).append(':').append(o));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses a {@code Last-Event-ID}; anything that is not one of ours is a {@link MalformedPosition}. */
    static StreamPosition parse(String eventId) {
        if (eventId.length() > MAX_ID_CHARS) {
            throw new MalformedPosition();
        }
        try {
            var text = new String(Base64.getUrlDecoder().decode(eventId), StandardCharsets.US_ASCII);
            var offsets = new TreeMap<Integer, Long>();
            for (var pair : text.split(",")) {
                var split = pair.split(":");
                if (split.length != 2) {
                    throw new MalformedPosition();
                }
                long offset = Long.parseLong(split[1]);
                int partition = Integer.parseInt(split[0]);
                if (partition < 0 || offset < 0) {
                    throw new MalformedPosition();
                }
                offsets.put(partition, offset);
            }
            return new StreamPosition(offsets);
        } catch (IllegalArgumentException e) {
            throw new MalformedPosition();
        }
    }

    /** A Last-Event-ID that this API did not issue. */
    static final class MalformedPosition extends RuntimeException {

        MalformedPosition() {
            super("Last-Event-ID is not a position of this stream");
        }
    }
}
