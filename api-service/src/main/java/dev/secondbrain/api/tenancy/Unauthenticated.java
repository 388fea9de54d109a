package dev.secondbrain.api.tenancy;

/** No valid API key: missing, malformed, unknown or revoked all look the same to the caller (401). */
public final class Unauthenticated extends RuntimeException {

    Unauthenticated() {
        super("unauthenticated", null, false, false);
    }
}
