package dev.secondbrain.worker.classify;

/** A category for one document with the classifier's confidence (0..1) and the resulting status. */
public record Classification(String category, double confidence, String status) {

    public static final String CLASSIFIED = "classified";
    public static final String NEEDS_REVIEW = "needs_review";

    static Classification of(String category, double confidence, double reviewThreshold) {
        return new Classification(category, confidence, confidence < reviewThreshold ? NEEDS_REVIEW : CLASSIFIED);
    }
}
