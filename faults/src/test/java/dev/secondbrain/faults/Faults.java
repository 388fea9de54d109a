package dev.secondbrain.faults;

import dev.secondbrain.worker.consume.FaultPoints;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's fault points as a test arms them: at the n-th time a batch passes a point, do something once
 * (throw {@link Crash} to kill the consumer thread as a crash would, throw a transient exception, stall).
 */
final class Faults implements FaultPoints {

    /** What a crashed process would leave: nothing after this point runs, no cleanup of the batch. */
    static final class Crash extends Error {
        Crash(Point point) {
            super("injected crash at " + point);
        }
    }

    private record Armed(int pass, Runnable action) {
    }

    private final Map<Point, Armed> armed = new ConcurrentHashMap<>();
    private final Map<Point, AtomicInteger> passes = new ConcurrentHashMap<>();
    private final Map<Point, CountDownLatch> fired = new ConcurrentHashMap<>();

    /** Runs {@code action} once, the {@code pass}-th time (1 = first) a batch reaches {@code point}. */
    Faults at(Point point, int pass, Runnable action) {
        armed.put(point, new Armed(pass, action));
        fired.put(point, new CountDownLatch(1));
        return this;
    }

    /** Crashes the consumer thread the {@code pass}-th time a batch reaches {@code point}. */
    Faults crashAt(Point point, int pass) {
        return at(point, pass, () -> {
            throw new Crash(point);
        });
    }

    @Override
    public void reached(Point point) {
        int pass = passes.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        var action = armed.get(point);
        if (action != null && action.pass() == pass) {
            fired.get(point).countDown();
            action.action().run();
        }
    }

    boolean fired(Point point) {
        var latch = fired.get(point);
        return latch != null && latch.getCount() == 0;
    }

    int passes(Point point) {
        var count = passes.get(point);
        return count == null ? 0 : count.get();
    }
}
