package dev.secondbrain.connector;

/**
 * The intake answered 429 or 503, or could not be reached, on every attempt {@link Retries} allowed. Some of the
 * request's events may have been stored: send it again later (versions make the repeat harmless).
 */
public final class IntakeUnavailable extends RuntimeException {

    IntakeUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
