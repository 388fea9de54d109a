package dev.secondbrain.ingest.intake;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Events per second per tenant, as token buckets in this instance's memory: with N instances behind a
 * balancer a tenant gets up to N times its rate. A bucket holds {@code burst} worth of its rate; a request
 * larger than that is admitted when the bucket is full and leaves it in debt, so any request size can pass
 * while the average rate stays bounded.
 */
final class TenantRates {

    private final ConcurrentHashMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final double burstSeconds;
    private final LongSupplier nanoTime;

    TenantRates(Duration burst, LongSupplier nanoTime) {
        this.burstSeconds = Math.max(burst.toNanos() / 1e9, 0.001);
        this.nanoTime = nanoTime;
    }

    /** Takes {@code events} from the tenant's bucket, or says how long to wait before trying again. */
    Optional<Duration> take(UUID tenantId, int eventsPerSecond, int events) {
        return buckets.computeIfAbsent(tenantId, id -> new Bucket(eventsPerSecond * burstSeconds, nanoTime.getAsLong()))
                .take(eventsPerSecond, events, burstSeconds, nanoTime.getAsLong());
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
            double needed = Math.min(events, capacity);
            if (tokens >= needed) {
                tokens -= events;
                return Optional.empty();
            }
            long waitMillis = (long) Math.ceil((needed - tokens) * 1000 / rate);
            return Optional.of(Duration.ofMillis(waitMillis));
        }
    }
}
