package dev.secondbrain.api.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends due deliveries, endpoint by endpoint in each endpoint's order: every {@code poll-interval} it asks for the
 * endpoints whose first undelivered event is due and serves up to {@code concurrency} of them at once. A turn leases
 * the endpoint (so instances take turns and never overtake each other), checks its address again (SSRF guard), sends
 * its deliveries in order until one fails, and records the outcome: the failed one waits (exponential backoff with
 * jitter) and holds back the rest of that endpoint. A crash between sending and recording sends again: at least once,
 * never lost; receivers deduplicate by {@code Webhook-Event-Id}.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final Destinations destinations;
    private final Sender sender;
    private final WebhookSettings settings;
    private final Semaphore slots;
    private final Set<Outbox.Due> serving = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Double> oldest = new AtomicReference<>(0.0);
    private final Counter delivered;
    private final Counter failed;
    private final Counter refused;
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService turns;

    Dispatcher(Outbox outbox, Destinations destinations, WebhookSettings settings, MeterRegistry meters) {
        this.outbox = outbox;
        this.destinations = destinations;
        this.settings = settings;
        this.sender = new Sender(settings, Clock.systemUTC());
        this.slots = new Semaphore(settings.concurrency());
        // bounded labels: the outcome only, never a tenant or a URL
        this.delivered = outcome(meters, "delivered");
        this.failed = outcome(meters, "failed");
        this.refused = outcome(meters, "refused_destination");
        Gauge.builder("pipeline.webhooks.oldest.undelivered", oldest, AtomicReference::get).baseUnit("seconds")
                .description("age of the oldest event not yet delivered to its endpoint (every tenant)")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("pipeline.webhooks.deliveries").tag("outcome", outcome)
                .description("delivery attempts by outcome").register(meters);
    }

    @Override
    public void start() {
        turns = Executors.newVirtualThreadPerTaskExecutor();
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("webhooks").daemon().factory());
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        // turns under way finish and release their leases (a crash leaves them to expire after pipeline.webhooks.lease)
        poller.shutdownNow();
        turns.shutdown();
        try {
            turns.awaitTermination(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }

    private void poll() {
        try {
            oldest.set(outbox.oldestUndeliveredSeconds());
            for (var due : outbox.due(settings.concurrency() * 4)) {
                if (!serving.contains(due) && slots.tryAcquire()) {
                    serving.add(due);
                    turns.execute(() -> {
                        try {
                            serve(due);
                        } finally {
                            serving.remove(due);
                            slots.release();
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.warn("webhook deliveries paused until the next poll: {}", e.toString());
        }
    }

    private void serve(Outbox.Due due) {
        try {
            var turn = outbox.take(due);
            if (turn.isEmpty()) {
                return;
            }
            send(due, turn.get());
        } catch (RuntimeException e) {
            log.warn("a webhook turn failed (retried after its lease): {}", e.toString());
        }
    }

    private void send(Outbox.Due due, Outbox.Turn turn) {
        var pending = turn.deliveries();
        var ids = new long[pending.size()];
        var statuses = new int[pending.size()];
        int done = 0;
        Outbox.Pending failedHead = null;
        Sender.Attempt failure = null;
        try {
            destinations.check(turn.url());
        } catch (Destinations.RefusedDestination e) {
            refused.increment();
            failedHead = pending.isEmpty() ? null : pending.getFirst();
            failure = new Sender.Attempt(0, e.getMessage());
        }
        for (int i = 0; failure == null && i < pending.size(); i++) {
            var delivery = pending.get(i);
            var attempt = sender.send(turn.url(), turn.secrets(), delivery.eventId(), delivery.eventType(), delivery.body());
            if (!attempt.delivered()) {
                failed.increment();
                failedHead = delivery;
                failure = attempt;
                break;
            }
            delivered.increment();
            ids[done] = delivery.deliveryId();
            statuses[done++] = attempt.status();
        }
        outbox.record(due, java.util.Arrays.copyOf(ids, done), java.util.Arrays.copyOf(statuses, done), failedHead,
                failure, ThreadLocalRandom.current().nextDouble());
    }
}
