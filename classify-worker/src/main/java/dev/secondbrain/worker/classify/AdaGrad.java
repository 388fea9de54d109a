package dev.secondbrain.worker.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;

/**
 * How a {@link LogisticRegression} learns its weights: AdaGrad (a step per weight that shrinks with the squares of its
 * past gradients, so rare features keep learning) on the log loss, with L2 regularisation, a document's feature vector
 * scaled to unit length.
 */
final class AdaGrad {

    private static final int EPOCHS = 15;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-5;
    // AdaGrad's first step is RATE whatever the gradient's size, which would overwrite a naive-Bayes start (weights
    // about 1) on the first pass; a starting sum of squares makes small errors take small steps (0.1: the
    // initial_accumulator_value of TensorFlow and Keras)
    private static final double START_SQUARES = 0.1;

    private AdaGrad() {
    }

    /**
     * AdaGrad on the log loss, L2 on the weights, {@link #EPOCHS} passes in an order shuffled by a fixed seed. From a
     * start worth keeping ({@link TrainingStart#keepsBias}) the bias stays and steps start small.
     */
    static void descend(int[][] rows, int[] truths, double[] w, double[] bias, int k, boolean keepsBias) {
        var squares = new double[w.length];
        var biasSquares = new double[k];
        if (keepsBias) {
            Arrays.fill(squares, START_SQUARES);
        }
        var order = new ArrayList<Integer>();
        for (int i = 0; i < rows.length; i++) {
            order.add(i);
        }
        var random = new Random(20);
        var z = new double[k];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(order, random);
            for (int i : order) {
                var row = rows[i];
                double scale = 1.0 / Math.sqrt(Math.max(1, row.length));
                System.arraycopy(bias, 0, z, 0, k);
                for (int f : row) {
                    for (int c = 0; c < k; c++) {
                        z[c] += w[f * k + c] * scale;
                    }
                }
                var p = LogisticRegression.softmax(z, 1.0);
                for (int c = 0; c < k; c++) {
                    double g = p[c] - (c == truths[i] ? 1 : 0);
                    if (!keepsBias) {
                        biasSquares[c] += g * g;
                        bias[c] -= RATE * g / Math.sqrt(biasSquares[c] + 1e-8);
                    }
                    for (int f : row) {
                        int at = f * k + c;
                        double gf = g * scale + L2 * w[at];
                        squares[at] += gf * gf;
                        w[at] -= RATE * gf / Math.sqrt(squares[at] + 1e-8);
                    }
                }
            }
        }
    }
}
