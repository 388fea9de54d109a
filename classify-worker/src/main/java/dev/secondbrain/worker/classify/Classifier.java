package dev.secondbrain.worker.classify;

import dev.secondbrain.schemas.DocumentUpserted;

import java.util.List;
import java.util.UUID;

/**
 * Classifies a batch of changed documents in one call; the result is in the order of the input. A failure
 * (model store or remote service unreachable) is thrown and the worker retries the whole batch.
 */
public interface Classifier {

    /** Characters of a document's content a classification reads (a reclassify job reads no more than this). */
    int CONTENT_CHARS = 20_000;

    List<Classification> classify(List<DocumentUpserted> documents);

    /** The built-in classifier (keywords, then each tenant's model learnt from its confirmed documents). */
    static Classifier builtin(org.springframework.jdbc.core.JdbcTemplate jdbc, ClassifierSettings settings) {
        return new BuiltinClassifier(new TenantModels(jdbc, settings, java.time.Clock.systemUTC()), settings);
    }

    /** Forgets what was learnt of this tenant, so its next classification learns from what is confirmed now. */
    default void relearn(UUID tenant) {
    }
}
