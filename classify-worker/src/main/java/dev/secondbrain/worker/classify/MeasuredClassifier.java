package dev.secondbrain.worker.classify;

import dev.secondbrain.schemas.DocumentUpserted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Set;

/**
 * Times every batch call of a classifier and counts its results by category and status. A category that is
 * not one of the configured defaults is counted as {@code custom}: tenants' own categories would make the
 * label unbounded.
 */
final class MeasuredClassifier implements Classifier {

    private final Classifier classifier;
    private final MeterRegistry registry;
    private final Set<String> categories;
    private final Timer latency;

    MeasuredClassifier(Classifier classifier, MeterRegistry registry, List<String> categories) {
        this.classifier = classifier;
        this.registry = registry;
        this.categories = Set.copyOf(categories);
        this.latency = Timer.builder("pipeline.classifier.latency")
                .description("one classifier call for a micro-batch's changed documents").register(registry);
    }

    @Override
    public List<Classification> classify(List<DocumentUpserted> documents) {
        var results = latency.record(() -> classifier.classify(documents));
        for (var result : results) {
            var category = categories.contains(result.category()) ? result.category() : "custom";
            registry.counter("pipeline.classifier.documents", "category", category, "status", result.status())
                    .increment();
        }
        return results;
    }

    @Override
    public void relearn(java.util.UUID tenant) {
        classifier.relearn(tenant);
    }
}
