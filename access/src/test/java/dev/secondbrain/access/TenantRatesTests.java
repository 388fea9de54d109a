package dev.secondbrain.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRatesTests {

    private final AtomicLong now = new AtomicLong();
    private final TenantRates rates = new TenantRates(Duration.ofSeconds(1), now::get);
    private final UUID slow = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    @Test
    void refusesATenantOverItsRateUntilTokensAreBack() {
        assertThat(rates.take(slow, 10, 10)).isEmpty();
        assertThat(rates.take(slow, 10, 5)).contains(Duration.ofMillis(500));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(rates.take(slow, 10, 5)).isEmpty();
    }

    @Test
    void anotherTenantKeepsItsOwnRate() {
        assertThat(rates.take(slow, 10, 10)).isEmpty();
        assertThat(rates.take(slow, 10, 1)).isPresent();
        assertThat(rates.take(other, 10, 10)).isEmpty();
    }

    @Test
    void admitsARequestLargerThanTheBurstWhenFullThenMakesTheTenantWaitItOff() {
        assertThat(rates.take(slow, 10, 100)).isEmpty();
        assertThat(rates.take(slow, 10, 1)).contains(Duration.ofMillis(9_100));
        now.addAndGet(Duration.ofMillis(9_100).toNanos());
        assertThat(rates.take(slow, 10, 1)).isEmpty();
    }

    @Test
    void savesUpNoMoreThanTheBurst() {
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(rates.take(slow, 10, 10)).isEmpty();
        assertThat(rates.take(slow, 10, 1)).isPresent();
    }

    @Test
    void refusesATenantInDebtBeforeItsRequestIsReadAndTakesNothingOtherwise() {
        assertThat(rates.waitBefore(slow, 10)).isEmpty();
        assertThat(rates.take(slow, 10, 10)).as("control: asking took nothing").isEmpty();
        assertThat(rates.waitBefore(slow, 10)).contains(Duration.ofMillis(100));
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(rates.waitBefore(slow, 10)).isEmpty();
    }
}
