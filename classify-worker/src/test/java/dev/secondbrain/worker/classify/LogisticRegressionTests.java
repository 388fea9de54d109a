package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LogisticRegressionTests {

    private static LogisticRegression.Example example(String category, String title, String author, String content) {
        return new LogisticRegression.Example(category, Features.of(title, author, content));
    }

    @Test
    void learnsATenantsOwnCategoriesFromConfirmedExamples() {
        var model = LogisticRegression.train(List.of(
                example("recipes", "Soup", null, "lentil soup with cumin and onions"),
                example("recipes", "Bread", null, "bake the bread, knead the dough"),
                example("travel", "Trip", null, "flight to lisbon, hotel booking"),
                example("travel", "Porto", null, "train tickets and hotel in porto")), 2);
        var soup = model.classify(Features.of("Stew", null, "onions and lentil stew"));
        assertThat(soup.category()).isEqualTo("recipes");
        assertThat(soup.confidence()).isBetween(0.5, 1.0);
        assertThat(model.classify(Features.of(null, null, "hotel near the train station")).category())
                .isEqualTo("travel");
    }

    @Test
    void sameExamplesGiveTheSameModel() {
        var examples = noisy(new Random(1), 60);
        var probe = Features.of("offer", "a@b.example", "cheap offer click meeting");
        assertThat(LogisticRegression.train(examples, 3).classify(probe))
                .isEqualTo(LogisticRegression.train(examples, 3).classify(probe));
    }

    /**
     * Labels that are a coin toss half of the time: the uncalibrated model learns its training set by heart and is
     * sure of itself; calibrated by cross-validation its confidence on new documents matches how often it is right.
     */
    @Test
    void calibratedConfidenceMatchesHowOftenTheModelIsRight() {
        var examples = noisy(new Random(2), 300);
        var held = noisy(new Random(3), 400);
        var calibrated = LogisticRegression.train(examples, 5);
        var raw = LogisticRegression.train(examples, 0); // control: no calibration
        assertThat(raw.temperature()).isEqualTo(1.0);
        assertThat(calibrated.temperature()).isGreaterThan(1.0);
        double right = 0;
        double confidence = 0;
        double rawConfidence = 0;
        for (var example : held) {
            var scored = calibrated.classify(example.features());
            right += scored.category().equals(example.category()) ? 1 : 0;
            confidence += scored.confidence();
            rawConfidence += raw.classify(example.features()).confidence();
        }
        double accuracy = right / held.size();
        double overconfident = rawConfidence / held.size() - accuracy;
        assertThat(overconfident).isGreaterThan(0.05);
        assertThat(Math.abs(confidence / held.size() - accuracy)).isLessThan(overconfident / 2);
    }

    @Test
    void featuresMarkMailHeadersLinksMarkupNumbersAndBigrams() {
        var features = Features.of("FREE Offer", "Deals <promo@shop.example.com>",
                "<html><font>Click http://www.win.example.com/x now</font> call 5551234</html>");
        assertThat(features).contains("s:free", "s:offer", "f:promo", "f:shop", "u:www.win.example.com",
                "u:example.com", "h:html", "h:font", "#7", "caps", "click", "click_http", "free_offer");
        assertThat(Features.of("plain", null, "quiet words")).doesNotContain("caps");
    }

    /** Two categories told apart by a signal word, whose label is a coin toss for half of the documents. */
    private static List<LogisticRegression.Example> noisy(Random random, int n) {
        var examples = new ArrayList<LogisticRegression.Example>();
        var filler = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa");
        for (int i = 0; i < n; i++) {
            boolean spam = random.nextBoolean();
            var text = new StringBuilder(spam ? "offer " : "meeting ");
            for (int w = 0; w < 8; w++) {
                text.append(filler.get(random.nextInt(filler.size()))).append(random.nextInt(40)).append(' ');
            }
            boolean label = random.nextBoolean() ? spam : random.nextBoolean();
            examples.add(example(label ? "spam" : "ham", null, null, text.toString()));
        }
        return examples;
    }
}
