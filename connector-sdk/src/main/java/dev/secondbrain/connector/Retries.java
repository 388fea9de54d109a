package dev.secondbrain.connector;

import java.time.Duration;

/**
 * The one retry policy of the SDK: a request the intake answers 429 or 503, or that could not reach it, is sent again
 * whole (the intake publishes all or nothing, and versions make a repeat harmless), after the {@code Retry-After}
 * the intake asked for (else {@code backoff}, doubling), each wait at most {@code maxWait}, at most
 * {@code attempts} times in all.
 *
 * @param attempts sends of one request in all, the first included (>= 1). Default 10.
 * @param backoff  first wait when the intake named none (a connection that failed). Default 1 s.
 * @param maxWait  longest single wait, also the cap of a {@code Retry-After}. Default 30 s.
 */
public record Retries(int attempts, Duration backoff, Duration maxWait) {

    public static final Retries DEFAULT = new Retries(10, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Retries {
        if (attempts < 1 || backoff.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("attempts >= 1, waits >= 0");
        }
    }

    /** The wait before attempt {@code attempt + 1}: what the intake asked for, else the doubled backoff; capped. */
    Duration wait(int attempt, Long retryAfterSeconds) {
        var wait = retryAfterSeconds != null ? Duration.ofSeconds(Math.max(0, retryAfterSeconds))
                : backoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
