package dev.secondbrain.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A worker's background task of committed chunks (the full-sync sweep, the retention purge): every
 * {@code interval}, on a thread of its own, it runs {@code chunk} again and again while it reports that more is
 * to do. A failure (database away, a lock wait that timed out) ends the round; the next round retries.
 */
public final class Repeating implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Repeating.class);

    private final String name;
    private final Duration interval;
    private final BooleanSupplier chunk;
    private ScheduledExecutorService scheduler;

    /** {@code chunk} commits one chunk and answers whether more may be waiting. */
    public Repeating(String name, Duration interval, BooleanSupplier chunk) {
        this.name = name;
        this.interval = interval;
        this.chunk = chunk;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name));
        scheduler.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            while (chunk.getAsBoolean()) {
                // one committed chunk after another while there is more
            }
        } catch (RuntimeException e) {
            log.warn("{} failed, retrying in {}: {}", name, interval, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
