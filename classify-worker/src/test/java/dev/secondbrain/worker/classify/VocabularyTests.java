package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VocabularyTests {

    private static final String[] VARIANTS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
    // twenty words one confirmed travel mail happens to end with (a forwarded footer), in no other confirmed mail
    private static final String FOOTER = String.join(" ", java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> "footer" + (char) ('a' + i)).toList());

    private static List<LogisticRegression.Example> confirmed(int perCategory) {
        var examples = new ArrayList<LogisticRegression.Example>();
        for (int i = 0; i < perCategory; i++) {
            var variant = VARIANTS[i % VARIANTS.length];
            examples.add(new LogisticRegression.Example("recipes", Features.of(null, null, "lentil soup cumin " + variant)));
            examples.add(new LogisticRegression.Example("travel",
                    Features.of(null, null, "hotel flight booking " + variant + (i == 0 ? " " + FOOTER : ""))));
        }
        return examples;
    }

    private static List<Set<String>> unconfirmed(int withFooter) {
        var documents = new ArrayList<Set<String>>();
        for (int i = 0; i < 30; i++) {
            documents.add(Features.of(null, null, "weekly notes " + VARIANTS[i % VARIANTS.length]
                    + (i < withFooter ? " " + FOOTER : "")));
        }
        return documents;
    }

    /**
     * Ten confirmed per category: the footer's twenty words, in one confirmed mail and nowhere else in the tenant's
     * mail, are not read, so a soup mail that ends with them is still a recipe. Control: the same confirmed mail, but
     * the footer is common in the tenant's unconfirmed mail: then its twenty words count and outweigh "lentil soup".
     */
    @Test
    void fewConfirmedDocumentsReadOnlyFeaturesTheTenantsMailShares() {
        var soup = Features.of(null, null, "lentil soup " + FOOTER);
        var model = LogisticRegression.train(confirmed(10), unconfirmed(0), 3);
        assertThat(model.classify(soup).category()).isEqualTo("recipes");
        assertThat(model.classify(Features.of(null, null, FOOTER)))
                .isEqualTo(model.classify(Set.of())); // as if it had no words at all

        var control = LogisticRegression.train(confirmed(10), unconfirmed(5), 3);
        assertThat(control.classify(soup).category()).isEqualTo("travel");
    }

    /** From 30 confirmed per category on a model reads every feature: there the rare ones are outnumbered. */
    @Test
    void manyConfirmedDocumentsReadEveryFeature() {
        var model = LogisticRegression.train(confirmed(30), unconfirmed(0), 3);
        assertThat(model.classify(Features.of(null, null, FOOTER)))
                .isNotEqualTo(model.classify(Set.of()));
    }

    @Test
    void aFeatureCountsFromHalfAPercentOfTheDocumentsReadAndNeverFewerThanTwo() {
        var examples = List.of(new LogisticRegression.Example("a", Set.of("once", "twice", "six")),
                new LogisticRegression.Example("b", Set.of("twice", "six")));
        var few = new ArrayList<Set<String>>(List.of(Set.of("six"), Set.of("six"), Set.of("six"), Set.of("six")));
        assertThat(Vocabulary.of(examples, few).features()).containsExactlyInAnyOrder("twice", "six");
        var many = new ArrayList<Set<String>>(few);
        for (int i = 0; i < 1018; i++) { // 1,020 documents: at least 6 (5.1 rounded up)
            many.add(Set.of("filler"));
        }
        many.add(Set.of("twice")); // 3 documents
        assertThat(Vocabulary.of(examples, many).features()).containsExactlyInAnyOrder("six", "filler");
    }
}
