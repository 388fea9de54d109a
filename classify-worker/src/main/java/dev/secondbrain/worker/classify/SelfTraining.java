package dev.secondbrain.worker.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One round of self-training over a tenant's unconfirmed documents: the model learnt from the confirmed documents
 * labels the unconfirmed ones, those it is at least {@link #CONFIDENT} sure of join the confirmed ones with the label
 * it gave, and the model is learnt again from both. The unconfirmed documents are the tenant's own mail, read without
 * any label a person or an earlier model gave them; what they add is how the tenant's words occur together beyond the
 * few documents someone confirmed. Only from {@link TrainingStart#SMALL_PER_CATEGORY} confirmed per category on: below
 * that the first model's own mistakes are too many, and on the mail corpus at 10 per category self-training made it
 * better on two split seeds and 3.4 points worse on the third.
 */
final class SelfTraining {

    // the first model's raw (uncalibrated) probability a document needs to join; on the mail corpus at 50 per
    // category 0.99 instead was 0.35 to 1.2 points less accurate (three split seeds), at 200 and 1000 about the same
    static final double CONFIDENT = 0.9;

    private SelfTraining() {
    }

    /** The uncalibrated model of these confirmed examples and, when they are not few, of the unlabelled it is sure of. */
    static LogisticRegression fit(List<LogisticRegression.Example> confirmed, List<Set<String>> unlabelled) {
        var first = LogisticRegression.fit(confirmed);
        var categories = first.categories();
        if (unlabelled.isEmpty() || TrainingStart.small(confirmed.size(), categories.size())) {
            return first;
        }
        var labelled = new ArrayList<LogisticRegression.Example>();
        for (var features : unlabelled) {
            var p = first.probabilities(features, 1.0);
            for (int c = 0; c < p.length; c++) {
                if (p[c] >= CONFIDENT) {
                    labelled.add(new LogisticRegression.Example(categories.get(c), features));
                }
            }
        }
        var all = new ArrayList<>(confirmed);
        all.addAll(LogisticRegression.ordered(labelled));
        return LogisticRegression.fit(all);
    }
}
