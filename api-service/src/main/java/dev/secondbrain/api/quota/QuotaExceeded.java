package dev.secondbrain.api.quota;

import java.time.Duration;

/** The tenant asks more of this instance than its quota allows: 429 with {@code Retry-After}. */
public final class QuotaExceeded extends RuntimeException {

    private final Duration retryAfter;

    public QuotaExceeded(String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
