package dev.secondbrain.ingest.publish;

import java.time.Duration;

/**
 * Kafka did not acknowledge every event of a request in time. Some may have been written: the connector
 * retries the whole request, and versions make the repeat harmless.
 */
public class PublishFailed extends RuntimeException {

    private final Duration retryAfter;

    PublishFailed(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
