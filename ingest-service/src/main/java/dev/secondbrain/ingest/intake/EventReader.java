package dev.secondbrain.ingest.intake;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventRules;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns one JSON event of a request into a record, or into the errors that explain why it cannot be one. */
final class EventReader {

    private static final Set<String> TYPES = Set.of("DocumentUpserted", "DocumentDeleted");
    private static final List<String> REQUIRED = List.of("externalId", "source", "version");

    private EventReader() {
    }

    /** The event, or null after adding its errors. */
    static DocumentEvent read(int index, JsonNode node, List<EventError> errors) {
        int before = errors.size();
        shape(index, node, errors);
        if (errors.size() > before) {
            return null;
        }
        DocumentEvent event;
        try {
            event = EventCodec.mapper().treeToValue(node, DocumentEvent.class);
        } catch (JacksonException e) {
            errors.add(new EventError(index, field(e), message(e)));
            return null;
        }
        EventRules.violations(event)
                .forEach(v -> errors.add(new EventError(index, v.field(), v.message())));
        return errors.size() > before ? null : event;
    }

    /** What the records cannot say precisely: the tenant, the type and the required properties. */
    private static void shape(int index, JsonNode node, List<EventError> errors) {
        if (!node.isObject()) {
            errors.add(new EventError(index, null, "must be a JSON object"));
            return;
        }
        if (node.has("tenantId")) {
            errors.add(new EventError(index, "tenantId", "must not be sent: the API key decides the tenant"));
        }
        var type = node.get("type");
        if (type == null || type.isNull()) {
            errors.add(new EventError(index, "type", "is required"));
        } else if (!type.isString() || !TYPES.contains(type.asString())) {
            errors.add(new EventError(index, "type", "must be one of " + String.join(", ", TYPES.stream().sorted().toList())));
        }
        for (var name : REQUIRED) {
            var value = node.get(name);
            if (value == null || value.isNull()) {
                errors.add(new EventError(index, name, "is required"));
            }
        }
        var version = node.get("version");
        if (version != null && !version.isNull() && !(version.isIntegralNumber() && version.canConvertToLong())) {
            errors.add(new EventError(index, "version", "must be an integer from 0 to 9223372036854775807"));
        }
    }

    private static String field(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknown.getPropertyName();
        }
        var path = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? null : path;
    }

    /** Our words, not Jackson's: its messages name internal classes. */
    private static String message(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a property of this event type";
        }
        return "has the wrong type or format";
    }
}
