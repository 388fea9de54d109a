package dev.secondbrain.worker.classify;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;


/** Chooses the classifier by {@code pipeline.classifier.kind}. */
@Configuration(proxyBeanMethods = false)
class ClassifierWiring {

    @Bean
    Classifier classifier(ClassifierSettings settings, JdbcTemplate jdbc, MeterRegistry registry) {
        Classifier classifier = switch (settings.kind()) {
            case BUILTIN -> Classifier.builtin(jdbc, settings);
            case HTTP -> new HttpClassifier(settings);
        };
        return new MeasuredClassifier(classifier, registry, settings.categories());
    }
}
