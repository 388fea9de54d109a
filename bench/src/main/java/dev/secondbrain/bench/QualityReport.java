package dev.secondbrain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The quality bench's figures: one row per k, ours beside the library, the coverage curves, the corpus's account. */
final class QualityReport {

    static final double[] THRESHOLDS = {0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99};

    record Scores(double accuracy, double spamPrecision, double spamRecall, double spamF1) {

        static Scores of(Map<String, String> truth, Map<String, String> answers) {
            int right = 0;
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (var entry : truth.entrySet()) {
                var answer = answers.get(entry.getKey());
                boolean spam = "spam".equals(entry.getValue());
                boolean saidSpam = "spam".equals(answer);
                right += entry.getValue().equals(answer) ? 1 : 0;
                tp += spam && saidSpam ? 1 : 0;
                fp += !spam && saidSpam ? 1 : 0;
                fn += spam && !saidSpam ? 1 : 0;
            }
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new Scores(right / (double) truth.size(), precision, recall, f1);
        }
    }

    /** Share sent to review and accuracy of the rest at each threshold of {@link #THRESHOLDS}. */
    record Coverage(double[] review, double[] autoAccuracy) {
    }

    record Step(int k, double seconds, QualityTenant.Job job, Scores ours, double review, double autoAccuracy,
                Coverage coverage, Scores library) {
    }

    private final MailCorpus.Read read;
    private final QualityTenant.Ingested ingested;
    private final Map<String, String> truth;
    private final List<Step> steps = new ArrayList<>();
    private Scores coldStart;

    /** {@code truth}: the held-out documents' labels by external id. */
    QualityReport(MailCorpus.Read read, QualityTenant.Ingested ingested, Map<String, String> truth) {
        this.read = read;
        this.ingested = ingested;
        this.truth = Map.copyOf(truth);
    }

    void coldStart(Map<String, QualityTenant.Stored> stored) {
        coldStart = Scores.of(truth, categories(stored));
    }

    void step(int k, double seconds, QualityTenant.Job job, Map<String, QualityTenant.Stored> stored,
              Map<String, String> library) {
        var ours = Scores.of(truth, categories(stored));
        var auto = truth.keySet().stream().filter(id -> stored.containsKey(id)
                && "classified".equals(stored.get(id).status())).toList();
        double autoRight = auto.stream().filter(id -> truth.get(id).equals(stored.get(id).category())).count();
        steps.add(new Step(k, seconds, job, ours, 1 - auto.size() / (double) truth.size(),
                auto.isEmpty() ? Double.NaN : autoRight / auto.size(), coverage(stored), Scores.of(truth, library)));
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    QualityTenant.Ingested ingested() {
        return ingested;
    }

    MailCorpus.Read read() {
        return read;
    }

    private Coverage coverage(Map<String, QualityTenant.Stored> stored) {
        var review = new double[THRESHOLDS.length];
        var accuracy = new double[THRESHOLDS.length];
        for (int t = 0; t < THRESHOLDS.length; t++) {
            int kept = 0;
            int right = 0;
            for (var entry : truth.entrySet()) {
                var s = stored.get(entry.getKey());
                if (s != null && s.confidence() >= THRESHOLDS[t]) {
                    kept++;
                    right += entry.getValue().equals(s.category()) ? 1 : 0;
                }
            }
            review[t] = 1 - kept / (double) truth.size();
            accuracy[t] = kept == 0 ? Double.NaN : right / (double) kept;
        }
        return new Coverage(review, accuracy);
    }

    private static Map<String, String> categories(Map<String, QualityTenant.Stored> stored) {
        var result = new java.util.HashMap<String, String>();
        stored.forEach((id, s) -> result.put(id, s.category()));
        return result;
    }

    String markdown() {
        return QualityMarkdown.of(this, coldStart, truth.size());
    }
}
