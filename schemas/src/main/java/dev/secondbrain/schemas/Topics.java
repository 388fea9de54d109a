package dev.secondbrain.schemas;

/**
 * Topic names. Services take theirs from settings ({@code pipeline.topics.*}) whose defaults are these,
 * so tests can give every test class fresh topics.
 */
public final class Topics {

    public static final String EVENTS = "documents.events";
    public static final String DEAD_LETTER = "documents.events-dlt";
    public static final String CHANGES = "documents.changes";

    private Topics() {
    }
}
