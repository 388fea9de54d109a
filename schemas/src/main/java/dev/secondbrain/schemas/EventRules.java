package dev.secondbrain.schemas;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules an event must satisfy beyond its JSON shape. The intake rejects a request that breaks them;
 * the worker dead-letters a record that breaks them (it may have been produced straight to Kafka).
 */
public final class EventRules {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    private EventRules() {
    }

    /** Every violation of the event, empty when it is valid. {@code tenantId} is not checked here. */
    public static List<EventViolation> violations(DocumentEvent event) {
        var found = new ArrayList<EventViolation>();
        text(found, "externalId", event.externalId(), EventLimits.MAX_EXTERNAL_ID_CHARS, true);
        text(found, "source", event.source(), EventLimits.MAX_SOURCE_CHARS, true);
        if (event.source() != null && !event.source().isEmpty() && !SOURCE.matcher(event.source()).matches()) {
            found.add(new EventViolation("source", "must match [a-z0-9][a-z0-9_.-]*"));
        }
        if (event.version() < 0) {
            found.add(new EventViolation("version", "must be >= 0"));
        }
        if (event instanceof DocumentUpserted upserted) {
            upsertedViolations(found, upserted);
        }
        return found;
    }

    private static void upsertedViolations(List<EventViolation> found, DocumentUpserted event) {
        text(found, "title", event.title(), EventLimits.MAX_TITLE_CHARS, false);
        text(found, "mimeType", event.mimeType(), EventLimits.MAX_MIME_TYPE_CHARS, false);
        text(found, "url", event.url(), EventLimits.MAX_URL_CHARS, false);
        text(found, "author", event.author(), EventLimits.MAX_AUTHOR_CHARS, false);
        text(found, "content", event.content(), Integer.MAX_VALUE, false);
        if (event.content() != null
                && event.content().getBytes(StandardCharsets.UTF_8).length > EventLimits.MAX_CONTENT_BYTES) {
            found.add(new EventViolation("content", "must be at most " + EventLimits.MAX_CONTENT_BYTES + " bytes of UTF-8"));
        }
        if (EventCodec.metadataBytes(event.metadata()) > EventLimits.MAX_METADATA_BYTES) {
            found.add(new EventViolation("metadata", "must be at most " + EventLimits.MAX_METADATA_BYTES + " bytes as JSON"));
        } else if (EventCodec.containsNul(event.metadata())) {
            found.add(new EventViolation("metadata", "must not contain NUL characters"));
        }
    }

    private static void text(List<EventViolation> found, String field, String value, int maxChars, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                found.add(new EventViolation(field, "is required"));
            }
            return;
        }
        if (value.length() > maxChars) {
            found.add(new EventViolation(field, "must be at most " + maxChars + " characters"));
        }
        if (value.indexOf('\0') >= 0) {
            found.add(new EventViolation(field, "must not contain NUL characters"));
        }
        if (!wellFormed(value)) {
            found.add(new EventViolation(field, "must be valid Unicode (no lone surrogates)"));
        }
    }

    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
