package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NaiveBayesTests {

    @Test
    void learnsATenantsOwnCategoriesFromConfirmedExamples() {
        var model = NaiveBayes.train(List.of(
                new NaiveBayes.Example("recipes", Tokens.of("lentil soup with cumin and onions")),
                new NaiveBayes.Example("recipes", Tokens.of("bake the bread, knead the dough")),
                new NaiveBayes.Example("travel", Tokens.of("flight to lisbon, hotel booking")),
                new NaiveBayes.Example("travel", Tokens.of("train tickets and hotel in porto"))));
        var soup = model.classify(Tokens.of("onions and lentil stew"));
        assertThat(soup.category()).isEqualTo("recipes");
        assertThat(soup.confidence()).isBetween(0.5, 1.0);
        assertThat(model.classify(Tokens.of("hotel near the train station")).category()).isEqualTo("travel");
    }

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
