package dev.secondbrain.ingest.sources;

import dev.secondbrain.ingest.sources.SourceProblems.InvalidCheckpoint;
import dev.secondbrain.schemas.EventLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code {"state": <any JSON but null>, "stream"?: "..."}}: the state is kept as it came (PostgreSQL jsonb), so text
 * PostgreSQL cannot store (NUL, lone surrogates) is refused here, with a 400 that says so, never a 500.
 */
record CheckpointBody(String state, String stream) {

    private static final String STREAM_RULE = "stream must be a string matching [A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}.";
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(EventLimits.MAX_JSON_NESTING + 1).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    static CheckpointBody read(byte[] body) {
        JsonNode root;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            root = JSON.readTree(body);
        } catch (CharacterCodingException e) {
            throw new InvalidCheckpoint("The body is not valid UTF-8.");
        } catch (JacksonException e) {
            throw new InvalidCheckpoint("The body is not valid JSON (at most " + EventLimits.MAX_JSON_NESTING
                    + " levels, no duplicate keys).");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCheckpoint("The body must be a JSON object {\"state\": ..., \"stream\"?: \"...\"}.");
        }
        for (var name : root.propertyNames()) {
            if (!name.equals("state") && !name.equals("stream")) {
                throw new InvalidCheckpoint("'" + clip(name) + "' is not a property of a checkpoint.");
            }
        }
        var state = root.get("state");
        if (state == null || state.isNull()) {
            throw new InvalidCheckpoint("state is required (any JSON value but null).");
        }
        if (!storable(state)) {
            throw new InvalidCheckpoint("state must not contain NUL characters or lone surrogates.");
        }
        return new CheckpointBody(JSON.writeValueAsString(state), stream(root.get("stream")));
    }

    /** A stored state back as JSON. */
    static JsonNode parse(String stored) {
        return JSON.readTree(stored);
    }

    private static String stream(JsonNode stream) {
        if (stream == null || stream.isNull()) {
            return "";
        }
        if (!stream.isString()) {
            throw new InvalidCheckpoint(STREAM_RULE);
        }
        return stream(stream.asString());
    }

    /** A stream name as stored: {@code ""} for none. */
    static String stream(String stream) {
        if (stream == null) {
            return "";
        }
        if (!STREAM.matcher(stream).matches()) {
            throw new InvalidCheckpoint(STREAM_RULE);
        }
        return stream;
    }

    /** Whether PostgreSQL's jsonb can hold every string and key of the value. */
    private static boolean storable(JsonNode value) {
        if (value.isString()) {
            return storable(value.asString());
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!storable(e.getKey()) || !storable(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value.isArray()) {
            for (var element : value) {
                if (!storable(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static String clip(String name) {
        var safe = storable(name) ? name : "?";
        return safe.length() > 64 ? safe.substring(0, 64) + "..." : safe;
    }
}
