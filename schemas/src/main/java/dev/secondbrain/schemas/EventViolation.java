package dev.secondbrain.schemas;

/** One reason an event is invalid: the JSON field it concerns and a message for the connector author. */
public record EventViolation(String field, String message) {
}
