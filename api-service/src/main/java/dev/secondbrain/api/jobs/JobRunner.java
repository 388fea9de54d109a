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
 * Works off unfinished jobs (delete-all, job revert, sync revert) on one thread: at startup (so a job survives
 * a restart), every {@code job-poll-interval}, and right after a job is created. Each job advances in committed
 * chunks of {@code delete-chunk-size} in key order. A failed chunk (database away) is retried at the next poll;
 * the keyset position is only a shortcut, so a restart from the first key is correct.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Jobs jobs;
    private final RevertChunks reverts;
    private final ApiSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("jobs").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    JobRunner(Jobs jobs, RevertChunks reverts, ApiSettings settings) {
        this.jobs = jobs;
        this.reverts = reverts;
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
            log.warn("jobs paused until the next poll: {}", e.toString());
        }
    }

    private void run(UnfinishedJob job) {
        var after = "";
        while (!thread.isShutdown()) {
            var chunk = chunk(job, after);
            log.debug("job {} ({}): {} rows up to {}, {}", job.jobId(), job.kind(), chunk.deleted(), chunk.lastKey(),
                    chunk.state());
            if (!"running".equals(chunk.state()) || chunk.lastKey() == null) {
                return;
            }
            after = chunk.lastKey();
        }
    }

    private Chunk chunk(UnfinishedJob job, String after) {
        int size = settings.deleteChunkSize();
        return switch (job.kind()) {
            case "delete_all" -> jobs.deleteChunk(job, after, size);
            case "revert_job" -> reverts.jobChunk(job, after, size);
            case "revert_sync" -> reverts.syncChunk(job, after, size);
            default -> throw new IllegalStateException("unknown job kind " + job.kind());
        };
    }

    @PreDestroy
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
