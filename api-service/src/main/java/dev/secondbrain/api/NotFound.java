package dev.secondbrain.api;

/** The thing asked for does not exist for this tenant (or is deleted, or is another tenant's): 404. */
public final class NotFound extends RuntimeException {

    public NotFound() {
        super("not found", null, false, false);
    }
}
