package dev.secondbrain.worker.classify;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How documents are classified.
 *
 * @param kind                 {@code builtin} (keywords + per-tenant logistic regression) or {@code http}. Default builtin.
 * @param categories           categories every tenant has; a tenant's confirmed categories add to them.
 *                             Default work, personal, spam, other.
 * @param fallbackCategory     category when nothing matches. Default other.
 * @param keywords             cold-start rules: category -> words. Default: a short list per category.
 * @param reviewThreshold      confidence (0..1) below which a document is {@code needs_review}. Default 0.75, read off
 *                             the coverage table of the SpamAssassin corpus (split seed 20): from 50 confirmed per
 *                             category on it sends at most 9.4 % to review and those classified automatically are
 *                             >= 97.5 % right (MailCorpusMeasurement, seeds 20-25); at 10 per category 12.6-35 % go to
 *                             review and the rest are 95.5-98.7 % right (both asks met on seeds 20 and 24 of six).
 * @param modelRefresh         age after which a tenant's model is checked against its confirmed documents and relearnt
 *                             if they changed (their count or latest change). Default 5m.
 * @param minTrainingDocuments confirmed documents a tenant needs before its model replaces keywords. Default 10.
 * @param trainingPerCategory  newest confirmed documents per tenant and category a model learns from. Default 500.
 * @param trainingChars        characters of a document's content the tenant model reads, to learn and to classify
 *                             (keyword rules read the whole content). Default 4000.
 * @param calibrationFolds     folds of the cross-validation that calibrates a tenant model's confidence (0 or 1: none).
 *                             Default 3.
 * @param unlabelledDocuments  unconfirmed documents of a tenant its model also reads, without their labels, a sample
 *                             spread over the tenant (by a hash of the external id, not the newest)
 *                             (under 30 confirmed per category its {@link Vocabulary}, from 30 on {@link SelfTraining});
 *                             0: none. Default 1000.
 * @param url                  the remote classifier's endpoint (kind=http).
 * @param timeout              per request of the remote classifier. Default 5s.
 * @param attempts             tries per batch of the remote classifier before the batch is retried. Default 3.
 */
@Validated
@ConfigurationProperties("pipeline.classifier")
public record ClassifierSettings(
        @DefaultValue("builtin") Kind kind,
        @DefaultValue({"work", "personal", "spam", "other"}) @NotEmpty List<String> categories,
        @DefaultValue("other") String fallbackCategory,
        Map<String, List<String>> keywords,
        @DefaultValue("0.75") @DecimalMin("0") @DecimalMax("1") double reviewThreshold,
        @DefaultValue("5m") Duration modelRefresh,
        @DefaultValue("10") @Min(1) int minTrainingDocuments,
        @DefaultValue("500") @Min(1) @Max(100_000) int trainingPerCategory,
        @DefaultValue("4000") @Min(100) int trainingChars,
        @DefaultValue("3") @Min(0) @Max(20) int calibrationFolds,
        @DefaultValue("1000") @Min(0) @Max(100_000) int unlabelledDocuments,
        URI url,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("3") @Min(1) @Max(10) int attempts) {

    public enum Kind { BUILTIN, HTTP }

    static final Map<String, List<String>> DEFAULT_KEYWORDS = Map.of(
            "work", List.of("meeting", "project", "deadline", "roadmap", "hiring", "incident", "review", "client",
                    "quarter", "budget", "sprint", "team", "customer", "invoice"),
            "personal", List.of("birthday", "family", "dinner", "holiday", "vacation", "recipe", "friend",
                    "weekend", "gym", "doctor", "packing", "kids"),
            "spam", List.of("winner", "won", "prize", "lottery", "unsubscribe", "free", "click", "offer",
                    "viagra", "casino", "urgent", "claim"));

    public ClassifierSettings {
        keywords = keywords == null || keywords.isEmpty() ? DEFAULT_KEYWORDS : keywords;
    }
}
