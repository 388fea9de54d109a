package dev.secondbrain.api.jobs;

import dev.secondbrain.api.ApiSettings;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Works off unfinished delete-all jobs on one thread: at startup (so a job survives a restart), every
 * {@code job-poll-interval}, and right after a job is created. A failed chunk (database away) is retried
 * at the next poll; the keyset position is only a shortcut, so a restart from the first key is correct.
 */
@Component
class DeleteAllRunner {

    private static final Logger log = LoggerFactory.getLogger(DeleteAllRunner.class);

    private final Jobs jobs;
    private final ApiSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("delete-all-jobs").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    DeleteAllRunner(Jobs jobs, ApiSettings settings) {
        this.jobs = jobs;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        var every = settings.jobPollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::kick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass over unfinished jobs soon; requests while one is queued are folded into it. */
    void kick() {
        if (queued.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.execute(() -> {
                queued.set(false);
                drain();
            });
        }
    }

    private void drain() {
        try {
            for (var job : jobs.unfinished()) {
                run(job);
            }
        } catch (RuntimeException e) {
            log.warn("delete-all jobs paused until the next poll: {}", e.toString());
        }
    }

    private void run(UnfinishedJob job) {
        var after = "";
        while (!thread.isShutdown()) {
            var chunk = jobs.deleteChunk(job, after, settings.deleteChunkSize());
            log.debug("job {}: {} deleted up to {}, {}", job.jobId(), chunk.deleted(), chunk.lastKey(), chunk.state());
            if (!"running".equals(chunk.state()) || chunk.lastKey() == null) {
                return;
            }
            after = chunk.lastKey();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
