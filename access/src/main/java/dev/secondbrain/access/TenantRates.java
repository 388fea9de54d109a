package dev.secondbrain.access;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A rate per tenant (the intake's events per second, the read API's requests per second), as token buckets in this instance's memory: with N instances behind a
 * balancer a tenant gets up to N times its rate. A bucket holds {@code burst} worth of its rate; a request
 * larger than that is admitted when the bucket is full and leaves it in debt, so any request size can pass
 * while the average rate stays bounded.
 */
public final class TenantRates {

    private final ConcurrentHashMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final double burstSeconds;
    private final LongSupplier nanoTime;

    public TenantRates(Duration burst, LongSupplier nanoTime) {
        this.burstSeconds = Math.max(burst.toNanos() / 1e9, 0.001);
        this.nanoTime = nanoTime;
    }

    /** Takes {@code events} from the tenant's bucket, or says how long to wait before trying again. */
    public Optional<Duration> take(UUID tenantId, int eventsPerSecond, int events) {
        return bucket(tenantId, eventsPerSecond).take(eventsPerSecond, events, burstSeconds, nanoTime.getAsLong());
    }

    /**
     * Whether a request of the tenant may start at all, taking nothing: empty while its bucket holds a token, else
     * how long until it does. The intake asks before it reads a body, so a tenant over its rate costs no read.
     */
    public Optional<Duration> waitBefore(UUID tenantId, int eventsPerSecond) {
        return bucket(tenantId, eventsPerSecond).take(eventsPerSecond, 0, burstSeconds, nanoTime.getAsLong());
    }

    private Bucket bucket(UUID tenantId, int eventsPerSecond) {
        return buckets.computeIfAbsent(tenantId, id -> new Bucket(eventsPerSecond * burstSeconds, nanoTime.getAsLong()));
    }

    private static final class Bucket {

        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized Optional<Duration> take(int rate, int events, double burstSeconds, long now) {
            double capacity = Math.max(1, rate * burstSeconds);
            tokens = Math.min(capacity, tokens + (now - updatedNanos) / 1e9 * rate);
            updatedNanos = now;
            // nothing to take (waitBefore) still needs one token: a bucket in debt admits nothing
            double needed = Math.max(Math.min(events, capacity), Math.min(1, capacity));
            if (tokens >= needed) {
                tokens -= events;
                return Optional.empty();
            }
            long waitMillis = (long) Math.ceil((needed - tokens) * 1000 / rate);
            return Optional.of(Duration.ofMillis(waitMillis));
        }
    }
}
