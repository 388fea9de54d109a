package dev.secondbrain.api.changes;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Open change streams per tenant on this instance, at most {@code max} each; a tenant with none takes no entry. */
final class TenantStreams {

    private final ConcurrentHashMap<UUID, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    TenantStreams(int max) {
        this.max = max;
    }

    boolean tryAcquire(UUID tenant) {
        var taken = new boolean[1];
        open.compute(tenant, (t, n) -> {
            int now = n == null ? 0 : n;
            taken[0] = now < max;
            return taken[0] ? now + 1 : n;
        });
        return taken[0];
    }

    void release(UUID tenant) {
        open.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
    }
}
