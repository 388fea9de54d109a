package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.worker.consume.FaultPoints.Point;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten minutes of connector traffic at 100 events/s (60,000 events) from 4 client threads over 1,000 tenants,
 * sent as fast as the intake takes them, while one of two worker instances is restarted twice: once shut down
 * and replaced, once crashed in a batch's transaction and replaced.
 */
class LoadFaultTests {

    static final int CLIENTS = 4;
    static final int REQUESTS_PER_CLIENT = 750;
    static final int EVENTS_PER_REQUEST = 20;
    static final int KEYS_PER_TENANT = 40;
    static final int EVENTS = CLIENTS * REQUESTS_PER_CLIENT * EVENTS_PER_REQUEST;

    @Test
    void fourClientsOverAThousandTenantsWhileAWorkerIsRestartedTwice() {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var tenants = stack.tenants(1_000);
            stack.worker();
            var restarted = stack.worker();
            var load = new Load(stack, oracle, tenants, KEYS_PER_TENANT, Duration.ofSeconds(60))
                    .start(CLIENTS, REQUESTS_PER_CLIENT, EVENTS_PER_REQUEST);

            // distinct events: an older event sent again counts once
            await().atMost(Duration.ofMinutes(2)).until(() -> oracle.count(Outcome.ACKNOWLEDGED) > EVENTS / 4);
            restarted.close();
            // control: the restart happened mid-load
            assertThat(load).isNotDone();
            var crashing = new Faults().crashAt(Point.COMMITTING, 5);
            stack.worker(crashing);

            await().atMost(Duration.ofMinutes(2)).until(() -> crashing.fired(Point.COMMITTING));
            assertThat(load).isNotDone();
            stack.worker();

            load.join();
            stack.awaitDrained(Duration.ofMinutes(3));
            assertThat(oracle.count(Outcome.INDETERMINATE) + oracle.count(Outcome.REJECTED)).isZero();
            assertThat(stack.check(oracle)).isEmpty();
        }
    }
}
