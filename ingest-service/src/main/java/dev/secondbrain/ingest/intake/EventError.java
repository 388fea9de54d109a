package dev.secondbrain.ingest.intake;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a request was refused. {@code index} is the event's position in {@code events} (absent when the
 * error concerns the whole body); {@code field} the JSON property (absent when none applies).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventError(Integer index, String field, String message) {

    static EventError body(String field, String message) {
        return new EventError(null, field, message);
    }
}
