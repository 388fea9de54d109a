package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.EventViolation;

import java.util.List;
import java.util.stream.Collectors;

/** A well-formed event that breaks the event rules (or has no tenant); it is dead-lettered with this reason. */
public class InvalidEvent extends RuntimeException {

    InvalidEvent(List<EventViolation> violations) {
        super(violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
    }

    InvalidEvent(String message) {
        super(message);
    }
}
