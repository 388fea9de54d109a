package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordRulesTests {

    @Test
    void keywordRulesPickTheMostMatchedCategoryAndFallBackWithZeroConfidence() {
        var rules = new KeywordRules(ClassifierSettings.DEFAULT_KEYWORDS, "other");
        var work = rules.classify(Tokens.of("Project deadline: meeting with the client"));
        assertThat(work.category()).isEqualTo("work");
        assertThat(work.confidence()).isEqualTo(0.8);
        assertThat(rules.classify(Tokens.of("nothing in particular"))).isEqualTo(new KeywordRules.Scored("other", 0.0));
    }

    @Test
    void confidenceBelowTheThresholdNeedsReview() {
        assertThat(Classification.of("work", 0.59, 0.6).status()).isEqualTo("needs_review");
        assertThat(Classification.of("work", 0.6, 0.6).status()).isEqualTo("classified");
    }

    @Test
    void tokensAreLowerCasedWordsWithoutSingleLetters() {
        assertThat(Tokens.of("A Big-Deal, x2 ok!", null)).isEqualTo(List.of("big", "deal", "x2", "ok"));
    }
}
