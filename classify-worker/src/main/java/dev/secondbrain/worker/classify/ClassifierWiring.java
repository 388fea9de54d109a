package dev.secondbrain.worker.classify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/** Chooses the classifier by {@code pipeline.classifier.kind}. */
@Configuration(proxyBeanMethods = false)
class ClassifierWiring {

    @Bean
    Classifier classifier(ClassifierSettings settings, JdbcTemplate jdbc) {
        return switch (settings.kind()) {
            case BUILTIN -> new BuiltinClassifier(new TenantModels(jdbc, settings, Clock.systemUTC()), settings);
            case HTTP -> new HttpClassifier(settings);
        };
    }
}
