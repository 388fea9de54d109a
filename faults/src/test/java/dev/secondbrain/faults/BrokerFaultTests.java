package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.testkit.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stops while connectors send and starts again on the same address with its data. The intake
 * answers 503 within its publish timeout instead of hanging, the clients send those requests again, and the
 * store ends with every acknowledged event once: nothing lost, nothing doubled.
 */
class BrokerFaultTests {

    @Test
    void theBrokerStoppedAndStartedAgainDuringIntakeLosesAndDoublesNothing() {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var worker = stack.worker();
            var load = new Load(stack, oracle, stack.tenants(20), 50, Duration.ofSeconds(120));
            var sending = load.start(4, 60, 50);
            await().atMost(Duration.ofSeconds(60)).until(() -> oracle.count(Outcome.ACKNOWLEDGED) > 500);

            Infrastructure.kafka().stop();
            try {
                // control: while the broker is away the intake answers 503 (the events are indeterminate), and
                // the clients keep sending into the outage (each client got its 503 at least once)
                await().atMost(Duration.ofSeconds(30)).until(() -> load.connector().unavailable.get() >= 4);
            } finally {
                Infrastructure.kafka().startAgain();
            }

            sending.join();
            assertThat(oracle.count(Outcome.INDETERMINATE)).as("every request got through on a retry").isZero();
            stack.awaitDrained(Duration.ofMinutes(2));
            assertThat(stack.check(oracle)).isEmpty();
            assertThat(worker.consumers()).isEqualTo(Status.UP);
        }
    }
}
