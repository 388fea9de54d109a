package dev.secondbrain.worker.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cold-start classification by keywords: the category with the most keyword hits wins; confidence grows
 * with the number of hits and shrinks when other categories also match ({@code best / (all + 1)}).
 */
final class KeywordRules {

    private final Map<String, String> categoryByWord = new HashMap<>();
    private final String fallback;

    KeywordRules(Map<String, List<String>> keywords, String fallback) {
        keywords.forEach((category, words) -> words.forEach(w -> categoryByWord.put(w.toLowerCase(), category)));
        this.fallback = fallback;
    }

    Scored classify(List<String> tokens) {
        var hits = new HashMap<String, Integer>();
        for (var token : tokens) {
            var category = categoryByWord.get(token);
            if (category != null) {
                hits.merge(category, 1, Integer::sum);
            }
        }
        if (hits.isEmpty()) {
            return new Scored(fallback, 0.0);
        }
        var best = hits.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        int all = hits.values().stream().mapToInt(Integer::intValue).sum();
        return new Scored(best.getKey(), best.getValue() / (all + 1.0));
    }

    Set<String> categories() {
        return categoryByWord.values().stream().collect(Collectors.toSet());
    }

    record Scored(String category, double confidence) {
    }
}
