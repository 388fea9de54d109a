package dev.secondbrain.worker.classify;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A multinomial logistic regression of one tenant over binary {@link Features}, each document's vector scaled to
 * unit length, learned from the documents its users confirmed ({@link AdaGrad}), starting from naive
 * Bayes when they are few ({@link TrainingStart}). Deterministic: the examples are put in one order (category, then
 * their features) before a fixed number of epochs shuffled by a fixed seed, so the same confirmed documents, read in
 * any order, give the same model. Its probabilities are then calibrated: a temperature is fitted to out-of-fold
 * predictions ({@link Calibration}), so that a confidence of 0.9 means about 9 in 10 right and the review threshold
 * decides something. Immutable once trained, so batches read it without locks.
 */
final class LogisticRegression {

    private final List<String> categories;
    private final Map<String, double[]> weights;
    private final double[] bias;
    private final double[] unseen;
    private double temperature = 1.0;
    private Vocabulary vocabulary;

    private LogisticRegression(List<String> categories, Map<String, double[]> weights, double[] bias, double[] unseen) {
        this.categories = categories;
        this.weights = weights;
        this.bias = bias;
        this.unseen = unseen;
    }

    /**
     * A model of these confirmed examples and the tenant's unconfirmed documents (their {@link Vocabulary} when the
     * confirmed are few, {@link SelfTraining} otherwise), calibrated by {@code folds}-fold cross-validation of the
     * confirmed ones, each fold model learnt the same way (none below 2 folds).
     */
    static LogisticRegression train(List<Example> examples, List<Set<String>> unlabelled, int folds) {
        var vocabulary = TrainingStart.small(examples.size(), categories(examples).size())
                ? Vocabulary.of(examples, unlabelled) : null;
        var ordered = ordered(vocabulary == null ? examples : vocabulary.kept(examples));
        Function<List<Example>, LogisticRegression> fit = confirmed -> SelfTraining.fit(confirmed, unlabelled);
        var model = fit.apply(ordered);
        model.temperature = Calibration.temperature(ordered, folds, fit);
        model.vocabulary = vocabulary;
        return model;
    }

    /** The uncalibrated model (temperature 1) of these examples, from the start {@link TrainingStart} picks. */
    static LogisticRegression fit(List<Example> examples) {
        return fit(examples, TrainingStart.of(categories(examples), examples));
    }

    /**
     * The uncalibrated model of these examples from this start, learnt in the order given ({@link #train} puts them
     * in {@link #ordered} order once; the calibration's folds keep it).
     */
    static LogisticRegression fit(List<Example> examples, TrainingStart start) {
        var categories = categories(examples);
        int k = categories.size();
        var index = new HashMap<String, Integer>();
        var rows = new int[examples.size()][];
        var truths = new int[examples.size()];
        for (int i = 0; i < rows.length; i++) {
            var example = examples.get(i);
            rows[i] = example.features().stream().mapToInt(f -> index.computeIfAbsent(f, x -> index.size())).toArray();
            truths[i] = categories.indexOf(example.category());
        }
        var w = new double[index.size() * k];
        index.forEach((feature, f) -> {
            var from = start.weights().get(feature);
            if (from != null) {
                System.arraycopy(from, 0, w, f * k, k);
            }
        });
        var bias = start.bias().clone();
        AdaGrad.descend(rows, truths, w, bias, k, start.keepsBias());
        var weights = new HashMap<String, double[]>(index.size() * 2);
        index.forEach((feature, f) -> weights.put(feature, Arrays.copyOfRange(w, f * k, f * k + k)));
        return new LogisticRegression(categories, weights, bias, start.unseen().clone());
    }

    /** By category, then by the sorted features: one order whatever order the confirmed documents were read in. */
    static List<Example> ordered(List<Example> examples) {
        record Keyed(Example example, String key) {
        }
        return examples.stream()
                .map(e -> new Keyed(e, String.join("\n", new TreeSet<>(e.features()))))
                .sorted(Comparator.comparing((Keyed e) -> e.example().category()).thenComparing(Keyed::key))
                .map(Keyed::example)
                .toList();
    }

    private static List<String> categories(List<Example> examples) {
        return List.copyOf(new TreeSet<>(examples.stream().map(Example::category).toList()));
    }

    List<String> categories() {
        return categories;
    }

    double temperature() {
        return temperature;
    }

    /** The features it reads ({@link Vocabulary}), or null: every feature. */
    Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The most probable category and its calibrated probability. */
    KeywordRules.Scored classify(Collection<String> features) {
        var p = probabilities(features, temperature);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        return new KeywordRules.Scored(categories.get(best), p[best]);
    }

    /**
     * The bias plus the weights of the features it reads, scaled by their number. A feature it has no weight for is
     * {@code unseen}, or not read at all when it is outside its {@link Vocabulary} (every weighted feature is inside).
     */
    double[] logits(Collection<String> features) {
        int k = categories.size();
        var sum = new double[k];
        int read = 0;
        for (var feature : features) {
            var w = weights.get(feature);
            if (w == null) {
                if (vocabulary != null && !vocabulary.features().contains(feature)) {
                    continue;
                }
                w = unseen;
            }
            read++;
            for (int c = 0; c < k; c++) {
                sum[c] += w[c];
            }
        }
        double scale = 1.0 / Math.sqrt(Math.max(1, read));
        var z = bias.clone();
        for (int c = 0; c < k; c++) {
            z[c] += sum[c] * scale;
        }
        return z;
    }

    double[] probabilities(Collection<String> features, double temperature) {
        return softmax(logits(features), temperature);
    }

    static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        var p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp((z[c] - max) / temperature);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    record Example(String category, Set<String> features) {
    }
}
