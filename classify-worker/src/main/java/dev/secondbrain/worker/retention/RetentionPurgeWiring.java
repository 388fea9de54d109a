package dev.secondbrain.worker.retention;

import dev.secondbrain.worker.Repeating;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs the {@link RetentionPurge} every {@code pipeline.deletes.purge-interval}, chunk after chunk until none is full. */
@Configuration(proxyBeanMethods = false)
class RetentionPurgeWiring {

    @Bean
    Repeating retentionPurging(JdbcClient jdbc, PlatformTransactionManager transactions, RetentionSettings settings) {
        var purge = new RetentionPurge(jdbc, new TransactionTemplate(transactions), settings);
        return new Repeating("retention-purge", settings.purgeInterval(), purge::purgeChunk);
    }
}
