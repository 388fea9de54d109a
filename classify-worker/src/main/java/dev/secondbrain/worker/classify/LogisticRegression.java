package dev.secondbrain.worker.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A multinomial logistic regression of one tenant over binary {@link Features}, each document's vector scaled to
 * unit length, learned from the documents its users confirmed by AdaGrad with L2 regularisation (fixed epochs and
 * seed: the same examples give the same model). Its probabilities are then calibrated: a temperature is fitted to
 * out-of-fold predictions ({@link Calibration}), so that a confidence of 0.9 means about 9 in 10 right and the
 * review threshold decides something. Immutable once trained, so batches read it without locks.
 */
final class LogisticRegression {

    static final int EPOCHS = 15;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-5;

    private final List<String> categories;
    private final Map<String, double[]> weights;
    private final double[] bias;
    private final int documentCount;
    private double temperature = 1.0;

    private LogisticRegression(List<String> categories, Map<String, double[]> weights, double[] bias, int documents) {
        this.categories = categories;
        this.weights = weights;
        this.bias = bias;
        this.documentCount = documents;
    }

    /** A model of these examples, calibrated by {@code folds}-fold cross-validation (no calibration below 2). */
    static LogisticRegression train(List<Example> examples, int folds) {
        var model = fit(examples);
        model.temperature = Calibration.temperature(examples, folds);
        return model;
    }

    /** The uncalibrated model (temperature 1) of these examples. */
    static LogisticRegression fit(List<Example> examples) {
        var categories = List.copyOf(new TreeSet<>(examples.stream().map(Example::category).toList()));
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
        var squares = new double[index.size() * k];
        var bias = new double[k];
        var biasSquares = new double[k];
        var order = new ArrayList<Integer>();
        for (int i = 0; i < rows.length; i++) {
            order.add(i);
        }
        var random = new Random(20);
        var z = new double[k];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            java.util.Collections.shuffle(order, random);
            for (int i : order) {
                var row = rows[i];
                double scale = 1.0 / Math.sqrt(Math.max(1, row.length));
                System.arraycopy(bias, 0, z, 0, k);
                for (int f : row) {
                    for (int c = 0; c < k; c++) {
                        z[c] += w[f * k + c] * scale;
                    }
                }
                var p = softmax(z, 1.0);
                for (int c = 0; c < k; c++) {
                    double g = p[c] - (c == truths[i] ? 1 : 0);
                    biasSquares[c] += g * g;
                    bias[c] -= RATE * g / Math.sqrt(biasSquares[c] + 1e-8);
                    for (int f : row) {
                        int at = f * k + c;
                        double gf = g * scale + L2 * w[at];
                        squares[at] += gf * gf;
                        w[at] -= RATE * gf / Math.sqrt(squares[at] + 1e-8);
                    }
                }
            }
        }
        var weights = new HashMap<String, double[]>(index.size() * 2);
        index.forEach((feature, f) -> weights.put(feature, java.util.Arrays.copyOfRange(w, f * k, f * k + k)));
        return new LogisticRegression(categories, weights, bias, examples.size());
    }

    int documentCount() {
        return documentCount;
    }

    List<String> categories() {
        return categories;
    }

    double temperature() {
        return temperature;
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

    double[] logits(Collection<String> features) {
        return logits(weights, bias, features, 1.0 / Math.sqrt(Math.max(1, features.size())), categories.size());
    }

    double[] probabilities(Collection<String> features, double temperature) {
        return softmax(logits(features), temperature);
    }

    private static double[] logits(Map<String, double[]> weights, double[] bias, Collection<String> features,
                                   double scale, int k) {
        var z = bias.clone();
        for (var feature : features) {
            var w = weights.get(feature);
            if (w != null) {
                for (int c = 0; c < k; c++) {
                    z[c] += w[c] * scale;
                }
            }
        }
        return z;
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

    record Example(String category, java.util.Set<String> features) {
    }
}
