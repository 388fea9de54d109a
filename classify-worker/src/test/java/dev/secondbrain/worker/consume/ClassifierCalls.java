package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.classify.Classifier;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts calls to (and documents through) whatever classifier the context configured. Test only. */
final class ClassifierCalls implements BeanPostProcessor {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger documents = new AtomicInteger();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof Classifier classifier)) {
            return bean;
        }
        return (Classifier) batch -> {
            calls.incrementAndGet();
            documents.addAndGet(batch.size());
            return classifier.classify(batch);
        };
    }

    void reset() {
        calls.set(0);
        documents.set(0);
    }
}
