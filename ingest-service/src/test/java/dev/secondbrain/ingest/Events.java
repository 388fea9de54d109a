package dev.secondbrain.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Example events as connectors send them (no tenantId). */
public final class Events {

    private Events() {
    }

    public static Map<String, Object> upserted(String externalId, long version, String content) {
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentUpserted");
        event.put("externalId", externalId);
        event.put("source", "notes");
        event.put("version", version);
        event.put("title", "Title of " + externalId);
        event.put("content", content);
        event.put("mimeType", "text/plain");
        event.put("sourceUpdatedAt", "2024-07-02T08:00:00Z");
        event.put("metadata", Map.of("folder", "inbox"));
        return event;
    }

    public static Map<String, Object> deleted(String externalId, long version) {
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentDeleted");
        event.put("externalId", externalId);
        event.put("source", "notes");
        event.put("version", version);
        return event;
    }
}
