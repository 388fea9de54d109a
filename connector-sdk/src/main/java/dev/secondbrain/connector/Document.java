package dev.secondbrain.connector;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One document event: {@link #upsert} (the source has this version) or {@link #delete} (the source deleted it). A
 * higher {@code version} wins, so a connector may send the same document again harmlessly. The source (and the
 * sync) are added by the {@link Sync} or the {@link Intake} call that sends it.
 */
public final class Document {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Document(String type, String externalId, long version) {
        fields.put("type", type);
        fields.put("externalId", externalId);
        fields.put("version", version);
    }

    public static Document upsert(String externalId, long version) {
        return new Document("DocumentUpserted", externalId, version);
    }

    public static Document delete(String externalId, long version) {
        return new Document("DocumentDeleted", externalId, version);
    }

    public Document title(String title) {
        return put("title", title);
    }

    public Document content(String content) {
        return put("content", content);
    }

    public Document mimeType(String mimeType) {
        return put("mimeType", mimeType);
    }

    public Document url(String url) {
        return put("url", url);
    }

    public Document author(String author) {
        return put("author", author);
    }

    public Document createdAt(Instant at) {
        return put("sourceCreatedAt", at.toString());
    }

    public Document updatedAt(Instant at) {
        return put("sourceUpdatedAt", at.toString());
    }

    public Document metadata(Map<String, ?> metadata) {
        return put("metadata", Map.copyOf(metadata));
    }

    public String externalId() {
        return (String) fields.get("externalId");
    }

    /** The event as the intake takes it, for {@code source} (and {@code syncId}, or null). */
    Map<String, Object> event(String source, String syncId) {
        var event = new LinkedHashMap<>(fields);
        event.put("source", source);
        if (syncId != null) {
            event.put("syncId", syncId);
        }
        return event;
    }

    private Document put(String name, Object value) {
        if (value == null) {
            fields.remove(name);
        } else {
            fields.put(name, value);
        }
        return this;
    }
}
