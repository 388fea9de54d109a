package dev.secondbrain.worker.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The former tenant model, kept as the baseline of MailCorpusMeasurement: a multinomial naive Bayes model of
 * one tenant, learned from the documents its users confirmed, with Laplace smoothing. Immutable once trained, so batches read it without locks.
 */
final class NaiveBayes {

    private final Map<String, Map<String, Integer>> wordCounts = new HashMap<>();
    private final Map<String, Integer> totalWords = new HashMap<>();
    private final Map<String, Integer> documents = new HashMap<>();
    private final Set<String> vocabulary = new java.util.HashSet<>();
    private int documentCount;

    static NaiveBayes train(List<Example> examples) {
        var model = new NaiveBayes();
        examples.forEach(model::learn);
        return model;
    }

    private void learn(Example example) {
        documentCount++;
        documents.merge(example.category(), 1, Integer::sum);
        var counts = wordCounts.computeIfAbsent(example.category(), c -> new HashMap<>());
        for (var token : example.tokens()) {
            counts.merge(token, 1, Integer::sum);
            totalWords.merge(example.category(), 1, Integer::sum);
            vocabulary.add(token);
        }
    }

    int documentCount() {
        return documentCount;
    }

    Set<String> categories() {
        return documents.keySet();
    }

    /** The most probable category and its posterior probability (softmax of the log scores). */
    KeywordRules.Scored classify(List<String> tokens) {
        var scores = new HashMap<String, Double>();
        double vocabularySize = vocabulary.size() + 1.0;
        for (var category : documents.keySet()) {
            double score = Math.log(documents.get(category) / (double) documentCount);
            var counts = wordCounts.get(category);
            double denominator = totalWords.getOrDefault(category, 0) + vocabularySize;
            for (var token : tokens) {
                score += Math.log((counts.getOrDefault(token, 0) + 1.0) / denominator);
            }
            scores.put(category, score);
        }
        var best = scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        double sum = scores.values().stream().mapToDouble(s -> Math.exp(s - best.getValue())).sum();
        return new KeywordRules.Scored(best.getKey(), 1.0 / sum);
    }

    record Example(String category, List<String> tokens) {
    }
}
