package dev.secondbrain.ingest.intake;

import java.util.List;

/** The request breaks the contract; nothing of it was published. */
class RejectedEvents extends RuntimeException {

    private final List<EventError> errors;

    RejectedEvents(List<EventError> errors) {
        super(errors.size() + " errors", null, false, false);
        this.errors = List.copyOf(errors);
    }

    RejectedEvents(EventError error) {
        this(List.of(error));
    }

    List<EventError> errors() {
        return errors;
    }
}
