package dev.secondbrain.worker.retention;

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

/** Runs the {@link RetentionPurge} every {@code pipeline.deletes.purge-interval}, chunk after chunk until none is full. */
@Component
class RetentionPurging implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurging.class);

    private final RetentionPurge purge;
    private final RetentionSettings settings;
    private ScheduledExecutorService scheduler;

    RetentionPurging(JdbcClient jdbc, PlatformTransactionManager transactions, RetentionSettings settings) {
        this.purge = new RetentionPurge(jdbc, new TransactionTemplate(transactions), settings);
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "retention-purge"));
        long interval = settings.purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::purge, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            while (purge.purgeChunk()) {
                // one chunk per transaction, until a chunk is not full
            }
        } catch (RuntimeException e) {
            log.warn("retention purge failed, retrying in {}: {}", settings.purgeInterval(), e.toString());
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
