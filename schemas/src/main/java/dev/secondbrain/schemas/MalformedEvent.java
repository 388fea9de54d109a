package dev.secondbrain.schemas;

/** Bytes that are not an event: not JSON, not UTF-8, too deep, of an unknown type or the wrong shape. */
public class MalformedEvent extends RuntimeException {

    public MalformedEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
