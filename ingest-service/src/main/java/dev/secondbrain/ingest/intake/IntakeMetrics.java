package dev.secondbrain.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code intake.events.accepted} (events) and {@code intake.requests.rejected} (requests) by a bounded
 * {@code reason}: invalid, too_large, rate_limited, unavailable (refused keys: {@code access.requests.rejected}).
 */
@Component
class IntakeMetrics {

    enum Reason { INVALID, TOO_LARGE, RATE_LIMITED, UNAVAILABLE }

    private final Counter accepted;
    private final MeterRegistry meters;

    IntakeMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.accepted = meters.counter("intake.events.accepted");
        for (var reason : Reason.values()) {
            rejected(reason, 0);
        }
    }

    void accepted(int events) {
        accepted.increment(events);
    }

    void rejected(Reason reason) {
        rejected(reason, 1);
    }

    private void rejected(Reason reason, int n) {
        meters.counter("intake.requests.rejected", "reason", reason.name().toLowerCase()).increment(n);
    }
}
