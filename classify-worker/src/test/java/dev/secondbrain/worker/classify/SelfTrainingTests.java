package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SelfTrainingTests {

    private static final String[] VARIANTS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};

    private static List<LogisticRegression.Example> confirmed(int perCategory) {
        var examples = new ArrayList<LogisticRegression.Example>();
        for (int i = 0; i < perCategory; i++) {
            var variant = VARIANTS[i % VARIANTS.length];
            examples.add(new LogisticRegression.Example("recipes", Features.of(null, null, "lentil soup cumin " + variant)));
            examples.add(new LogisticRegression.Example("travel", Features.of(null, null, "hotel flight booking " + variant)));
        }
        return examples;
    }

    private static List<Set<String>> unconfirmed() {
        var documents = new ArrayList<Set<String>>();
        for (var variant : VARIANTS) {
            documents.add(Features.of(null, null, "lentil soup saffron " + variant));
            documents.add(Features.of(null, null, "hotel flight eurostar " + variant));
        }
        return documents;
    }

    @Test
    void learnsWordsThatOnlyTheTenantsUnconfirmedDocumentsHave() {
        var saffron = Features.of(null, null, "saffron");
        var eurostar = Features.of(null, null, "eurostar");
        var model = LogisticRegression.train(confirmed(30), unconfirmed(), 3);
        assertThat(model.classify(saffron).category()).isEqualTo("recipes");
        assertThat(model.classify(eurostar).category()).isEqualTo("travel");
        // control: without the unconfirmed documents both words are unknown, so both get the same answer
        var control = LogisticRegression.train(confirmed(30), List.of(), 3);
        assertThat(control.classify(saffron)).isEqualTo(control.classify(eurostar));
    }

    @Test
    void leavesFewConfirmedDocumentsToThemselves() {
        var few = LogisticRegression.train(confirmed(10), unconfirmed(), 3);
        assertThat(few.classify(Features.of(null, null, "saffron")))
                .isEqualTo(few.classify(Features.of(null, null, "eurostar")));
    }
}
