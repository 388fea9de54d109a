package dev.secondbrain.schemas;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collection;
import java.util.Map;

/** Reads and writes events as the JSON on the topic. Thread-safe; one shared instance. */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(EventLimits.MAX_JSON_NESTING)
                            // content is bounded in bytes by EventRules; this only stops absurd strings early
                            .maxStringLength(4 * EventLimits.MAX_CONTENT_BYTES)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "version": 1.5 is not a version
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventCodec() {
    }

    /** The mapper events are read with (limits and strictness included), for callers that parse wider bodies. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(DocumentEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static DocumentEvent read(byte[] json) {
        try {
            return MAPPER.readValue(json, DocumentEvent.class);
        } catch (JacksonException e) {
            throw new MalformedEvent(e.getOriginalMessage(), e);
        }
    }

    public static DocumentEvent read(JsonNode json) {
        try {
            return MAPPER.treeToValue(json, DocumentEvent.class);
        } catch (JacksonException e) {
            throw new MalformedEvent(e.getOriginalMessage(), e);
        }
    }

    static int metadataBytes(Map<String, Object> metadata) {
        return metadata.isEmpty() ? 2 : MAPPER.writeValueAsBytes(metadata).length;
    }

    static boolean containsNul(Object value) {
        return switch (value) {
            case String s -> s.indexOf('\0') >= 0;
            case Map<?, ?> m -> m.entrySet().stream()
                    .anyMatch(e -> containsNul(String.valueOf(e.getKey())) || containsNul(e.getValue()));
            case Collection<?> c -> c.stream().anyMatch(EventCodec::containsNul);
            case null, default -> false;
        };
    }
}
