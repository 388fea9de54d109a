package dev.secondbrain.ingest.intake;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.EventLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body {@code {"events":[...]}} event by event, so an error names the event it is in.
 * All-or-nothing: any error rejects the whole request with every error found.
 */
final class EventBatchReader {

    /** Two levels more than an event may have: the body object and its array. */
    private static final int MAX_BODY_NESTING = EventLimits.MAX_JSON_NESTING + 2;
    private static final JsonMapper BODY = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_BODY_NESTING)
                            .maxStringLength(4 * EventLimits.MAX_CONTENT_BYTES)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            // the body's end is checked here, after the events: readTree(parser) must stop at the event's end
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventBatchReader() {
    }

    static List<DocumentEvent> read(byte[] body) {
        var problem = BodyText.problem(body);
        if (problem.isPresent()) {
            throw new RejectedEvents(EventError.body(null, problem.get()));
        }
        var errors = new ArrayList<EventError>();
        var events = new ArrayList<DocumentEvent>();
        try (JsonParser parser = BODY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new RejectedEvents(EventError.body(null, "body must be a JSON object {\"events\":[...]}"));
            }
            boolean seen = false;
            for (var token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                var name = parser.currentName();
                parser.nextToken();
                if (!name.equals("events")) {
                    throw new RejectedEvents(EventError.body(name, "is not a property of the body"));
                }
                readEvents(parser, events, errors);
                seen = true;
            }
            if (parser.nextToken() != null) {
                throw new RejectedEvents(EventError.body(null, "body has content after its JSON object"));
            }
            if (!seen) {
                throw new RejectedEvents(EventError.body("events", "is required"));
            }
        } catch (JacksonException e) {
            errors.add(EventError.body(null, syntax(e)));
        }
        if (!errors.isEmpty()) {
            throw new RejectedEvents(errors);
        }
        return events;
    }

    private static void readEvents(JsonParser parser, List<DocumentEvent> events, List<EventError> errors) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new RejectedEvents(EventError.body("events", "must be an array of events"));
        }
        int index = 0;
        for (var token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (index == EventLimits.MAX_EVENTS_PER_REQUEST) {
                throw new RejectedEvents(EventError.body("events",
                        "must hold at most " + EventLimits.MAX_EVENTS_PER_REQUEST + " events"));
            }
            try {
                var event = EventReader.read(index, BODY.readTree(parser), errors);
                if (event != null) {
                    events.add(event);
                }
            } catch (JacksonException e) {
                errors.add(new EventError(index, null, syntax(e)));
                throw new RejectedEvents(errors);
            }
            index++;
        }
        if (index == 0) {
            throw new RejectedEvents(EventError.body("events", "must hold at least 1 event"));
        }
    }

    /** A parser's own message is safe to show (it names no class); anything else gets our words. */
    private static String syntax(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return e.getOriginalMessage().contains("nesting")
                    ? "JSON is nested deeper than " + EventLimits.MAX_JSON_NESTING + " levels in an event"
                    : "a JSON string or number is longer than allowed";
        }
        if (!(e instanceof StreamReadException)) {
            return "malformed JSON";
        }
        var location = e.getLocation();
        var where = location == null || location.getByteOffset() < 0 ? "" : " (byte offset " + location.getByteOffset() + ")";
        return "malformed JSON: " + e.getOriginalMessage() + where;
    }
}
