package dev.secondbrain.worker.reclassify;

import dev.secondbrain.worker.Repeating;
import dev.secondbrain.worker.classify.Classifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Works reclassify jobs every {@code pipeline.reclassify.interval}, chunk after chunk while one is unfinished. */
@Configuration(proxyBeanMethods = false)
class ReclassifyWiring {

    @Bean
    Reclassify reclassify(JdbcClient jdbc, PlatformTransactionManager transactions, Classifier classifier,
                          ReclassifySettings settings) {
        return new Reclassify(jdbc, new TransactionTemplate(transactions), classifier, settings);
    }

    @Bean
    Repeating reclassifying(Reclassify reclassify, ReclassifySettings settings) {
        return new Repeating("reclassify", settings.interval(), reclassify::chunk);
    }
}
