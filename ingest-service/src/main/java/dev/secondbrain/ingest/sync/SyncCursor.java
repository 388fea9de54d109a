package dev.secondbrain.ingest.sync;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a source's syncs ends: the last sync's creation time and id, as opaque base64url text. Not signed:
 * every query it feeds carries the key's tenant, so a forged cursor only moves within the caller's own syncs.
 */
record SyncCursor(OffsetDateTime createdAt, UUID syncId) {

    String text() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + syncId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws BadCursor when {@code text} is not a cursor this service wrote */
    static SyncCursor parse(String text) {
        try {
            var parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length != 2) {
                throw new BadCursor();
            }
            return new SyncCursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadCursor();
        }
    }

    static final class BadCursor extends RuntimeException {
        BadCursor() {
            super(null, null, false, false);
        }
    }
}
