package dev.secondbrain.api.document;

import java.time.OffsetDateTime;

/** Optional list filters; null means "any". */
record DocumentFilter(String source, String category, String status, OffsetDateTime updatedAfter) {

    static final DocumentFilter NONE = new DocumentFilter(null, null, null, null);

    /** What a cursor is bound to: a cursor of one filter cannot page another. */
    String scope() {
        return String.join("\u0000", "documents", String.valueOf(source), String.valueOf(category),
                String.valueOf(status), updatedAfter == null ? "null" : updatedAfter.toInstant().toString());
    }
}
