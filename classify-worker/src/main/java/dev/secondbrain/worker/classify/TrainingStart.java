package dev.secondbrain.worker.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link LogisticRegression} starts learning. With many confirmed documents: from zero, plain logistic
 * regression. With few (fewer than {@link #SMALL_PER_CATEGORY} per category on average): from the naive-Bayes
 * solution of the same documents, which the regression then corrects, its bias held at the prior. A regression
 * learnt from zero on twenty documents fits them by whatever words it meets first, and its bias learns which category
 * was harder to fit, not which is more common: on the mail corpus (10 per category) it called most new mail spam,
 * half of that wrongly (0.758 accurate; from naive Bayes 0.917). Naive Bayes weighs every word's evidence by
 * counting and is what small data supports (Ng and Jordan 2002).
 *
 * <p>Naive Bayes here: the multinomial model of each category over the documents' binary features, Laplace-smoothed
 * ({@code P(f|c) = (n_fc + 1) / (N_c + V)}); a feature's weight is its log-probability in the category, the bias the
 * category's log prior, and a feature no confirmed document had weighs {@code log 1/(N_c + V)}, its smoothed
 * probability (the {@code unseen} term: a long new document's many new words are evidence too, not silence).
 * Weights are centred across categories (softmax does not change; L2 then pulls towards "no evidence").
 *
 * @param weights   starting weight per feature and category
 * @param bias      starting bias per category
 * @param unseen    weight per category of a feature not in {@code weights}
 * @param keepsBias whether learning leaves the bias where it starts (and corrects the weights in small steps)
 */
record TrainingStart(Map<String, double[]> weights, double[] bias, double[] unseen, boolean keepsBias) {

    static final int SMALL_PER_CATEGORY = 30;

    /** Naive Bayes for few examples per category, zero otherwise. */
    static TrainingStart of(List<String> categories, List<LogisticRegression.Example> examples) {
        return small(examples.size(), categories.size()) ? naiveBayes(categories, examples) : zero(categories.size());
    }

    static boolean small(int examples, int categories) {
        return examples < SMALL_PER_CATEGORY * categories;
    }

    static TrainingStart zero(int k) {
        return new TrainingStart(Map.of(), new double[k], new double[k], false);
    }

    static TrainingStart naiveBayes(List<String> categories, List<LogisticRegression.Example> examples) {
        int k = categories.size();
        var counts = new HashMap<String, double[]>();
        var totals = new double[k];
        var documents = new double[k];
        for (var example : examples) {
            int c = categories.indexOf(example.category());
            documents[c]++;
            totals[c] += example.features().size();
            for (var feature : example.features()) {
                counts.computeIfAbsent(feature, f -> new double[k])[c]++;
            }
        }
        var unseen = new double[k];
        var bias = new double[k];
        for (int c = 0; c < k; c++) {
            unseen[c] = -Math.log(totals[c] + counts.size());
            bias[c] = Math.log((documents[c] + 1) / (examples.size() + k));
        }
        var weights = new HashMap<String, double[]>(counts.size() * 2);
        counts.forEach((feature, n) -> {
            var w = new double[k];
            for (int c = 0; c < k; c++) {
                w[c] = Math.log(n[c] + 1) + unseen[c];
            }
            weights.put(feature, centred(w));
        });
        return new TrainingStart(weights, centred(bias), centred(unseen), true);
    }

    private static double[] centred(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        var result = values.clone();
        for (int c = 0; c < result.length; c++) {
            result[c] -= mean;
        }
        return result;
    }
}
