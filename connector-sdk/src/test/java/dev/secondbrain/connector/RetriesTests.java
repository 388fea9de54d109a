package dev.secondbrain.connector;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one retry policy: the intake's Retry-After first, else a doubling backoff, every wait capped. */
class RetriesTests {

    private final Retries retries = new Retries(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void waitsWhatTheIntakeAskedForCappedAtMaxWait() {
        assertThat(retries.wait(1, 7L)).isEqualTo(Duration.ofSeconds(7));
        assertThat(retries.wait(3, 0L)).isEqualTo(Duration.ZERO);
        assertThat(retries.wait(1, 3600L)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void doublesItsBackoffWhenTheIntakeNamedNoWait() {
        assertThat(retries.wait(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.wait(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retries.wait(4, null)).isEqualTo(Duration.ofSeconds(8));
        assertThat(retries.wait(40, null)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesAPolicyWithoutAnAttempt() {
        assertThatThrownBy(() -> new Retries(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
