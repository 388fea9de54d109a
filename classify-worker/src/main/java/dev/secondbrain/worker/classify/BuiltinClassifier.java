package dev.secondbrain.worker.classify;

import dev.secondbrain.schemas.DocumentUpserted;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in classifier: a tenant's calibrated logistic regression ({@link LogisticRegression} over mail-aware
 * {@link Features}) once its users have confirmed enough documents, keyword rules before that (cold start). Categories are the configured defaults plus whatever categories
 * the tenant's users confirmed. Confidence below the review threshold makes a document {@code needs_review}.
 */
final class BuiltinClassifier implements Classifier {

    private final TenantModels models;
    private final KeywordRules keywords;
    private final ClassifierSettings settings;

    BuiltinClassifier(TenantModels models, ClassifierSettings settings) {
        this.models = models;
        this.settings = settings;
        this.keywords = new KeywordRules(settings.keywords(), settings.fallbackCategory());
    }

    @Override
    public List<Classification> classify(List<DocumentUpserted> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        var trained = models.of(documents.stream().map(DocumentUpserted::tenantId).toList());
        var result = new ArrayList<Classification>(documents.size());
        for (var document : documents) {
            var model = trained.get(document.tenantId());
            var scored = model == null ? keywords.classify(Tokens.of(document.title(), document.content()))
                    : model.classify(Features.of(document.title(), document.author(), document.content()));
            result.add(Classification.of(scored.category(), scored.confidence(), settings.reviewThreshold()));
        }
        return result;
    }

    @Override
    public void relearn(java.util.UUID tenant) {
        models.forget(tenant);
    }
}
