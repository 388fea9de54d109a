package dev.secondbrain.api.cursor;

/** A cursor that this API did not issue for this tenant and query: 400. */
public final class BadCursor extends RuntimeException {

    BadCursor() {
        super("invalid cursor", null, false, false);
    }
}
