package dev.secondbrain.ingest.intake;

import java.time.Duration;

/** The tenant sends faster than its events per second; nothing of the request was published. */
class RateLimited extends RuntimeException {

    private final Duration retryAfter;

    RateLimited(Duration retryAfter) {
        super(null, null, false, false);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
