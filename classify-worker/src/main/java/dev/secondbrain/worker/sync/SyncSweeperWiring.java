package dev.secondbrain.worker.sync;

import dev.secondbrain.worker.Repeating;
import dev.secondbrain.worker.consume.WorkerSettings;
import dev.secondbrain.worker.consume.WorkerTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs the {@link SyncSweeper} every {@code pipeline.sync.sweep-interval}, one committed chunk after another. */
@Configuration(proxyBeanMethods = false)
class SyncSweeperWiring {

    @Bean
    Repeating syncSweeping(JdbcClient jdbc, PlatformTransactionManager transactions, SyncSettings settings,
                           WorkerSettings worker, WorkerTopics topics) {
        var sweeper = new SyncSweeper(jdbc, new TransactionTemplate(transactions), settings, worker.groupId(),
                topics.events());
        return new Repeating("sync-sweeper", settings.sweepInterval(), () -> sweeper.markStalled() || sweeper.sweepOne());
    }
}
