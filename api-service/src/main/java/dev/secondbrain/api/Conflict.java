package dev.secondbrain.api;

/** The thing asked for exists but is in a state that does not allow the request: 409. */
public final class Conflict extends RuntimeException {

    public Conflict(String detail) {
        super(detail, null, false, false);
    }
}
