package dev.secondbrain.worker.sync;

import dev.secondbrain.worker.consume.WorkerSettings;
import dev.secondbrain.worker.consume.WorkerTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the {@link SyncSweeper} every {@code pipeline.sync.sweep-interval}, one committed chunk after another. */
@Component
class SyncSweeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncSweeping.class);

    private final SyncSweeper sweeper;
    private final SyncSettings settings;
    private ScheduledExecutorService scheduler;

    SyncSweeping(JdbcClient jdbc, PlatformTransactionManager transactions, SyncSettings settings,
                 WorkerSettings worker, WorkerTopics topics) {
        this.sweeper = new SyncSweeper(jdbc, new TransactionTemplate(transactions), settings, worker.groupId(),
                topics.events());
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sync-sweeper"));
        long interval = settings.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            while (sweeper.sweepOne()) {
                // one chunk per transaction, until no sync is ready
            }
        } catch (RuntimeException e) {
            log.warn("sync sweep failed, retrying in {}: {}", settings.sweepInterval(), e.toString());
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
