package dev.secondbrain.worker.classify;

import dev.secondbrain.schemas.DocumentUpserted;

import java.util.List;

/**
 * Classifies a batch of changed documents in one call; the result is in the order of the input. A failure
 * (model store or remote service unreachable) is thrown and the worker retries the whole batch.
 */
public interface Classifier {

    List<Classification> classify(List<DocumentUpserted> documents);
}
