package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
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
                example("travel", "Porto", null, "train tickets and hotel in porto")), List.of(), 2);
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
        assertThat(LogisticRegression.train(examples, List.of(), 3).classify(probe))
                .isEqualTo(LogisticRegression.train(examples, List.of(), 3).classify(probe));
    }

    /**
     * The worker reads a tenant's confirmed documents in no guaranteed row order; whatever the order, the model (and
     * its calibration folds) must be the same. Control: one confirmed document less does change the confidences, so
     * the comparison is fine enough to see a different model.
     */
    @Test
    void sameConfirmedDocumentsInAnyOrderGiveTheSameModel() {
        var probes = List.of(Features.of("offer", "a@b.example", "cheap offer click meeting"),
                Features.of(null, null, "meeting alpha3 beta7"), Features.of("gamma", null, "zeta1 offer eta5 meeting"));
        for (int n : new int[] {20, 200}) { // naive-Bayes start and zero start
            var examples = noisy(new Random(4), n);
            var shuffled = new ArrayList<>(examples);
            Collections.shuffle(shuffled, new Random(5));
            var model = LogisticRegression.train(examples, List.of(), 3);
            var again = LogisticRegression.train(shuffled, List.of(), 3);
            var fewer = LogisticRegression.train(shuffled.subList(1, n), List.of(), 3);
            assertThat(again.temperature()).isEqualTo(model.temperature());
            for (var probe : probes) {
                assertThat(again.probabilities(probe, again.temperature()))
                        .containsExactly(model.probabilities(probe, model.temperature()));
            }
            assertThat(probes).anySatisfy(probe -> assertThat(fewer.probabilities(probe, fewer.temperature()))
                    .isNotEqualTo(model.probabilities(probe, model.temperature())));
        }
    }

    /**
     * Ten short spam mails and ten longer notes confirmed; then a long spam mail: two words of the confirmed spam among
     * three hundred no confirmed mail had. A regression learnt from zero on twenty documents leans on its bias and
     * calls it a note; started from naive Bayes (what {@code train} does at this size) the two spam words and the
     * three hundred new ones (the confirmed spam was short: new words are likelier there) make it spam.
     */
    @Test
    void fewConfirmedDocumentsStartFromNaiveBayesAndStillCallALongDocument() {
        var random = new Random(7);
        var examples = new ArrayList<LogisticRegression.Example>();
        for (int i = 0; i < 10; i++) {
            var note = new StringBuilder("meeting agenda minutes ");
            for (int w = 0; w < 60; w++) {
                note.append('w').append(random.nextInt(3000)).append(' ');
            }
            examples.add(example("ham", "notes", null, note.toString()));
            examples.add(example("spam", "deal", null, "cheap offer prize winner click u" + i));
        }
        var text = new StringBuilder("cheap offer ");
        for (int w = 0; w < 300; w++) {
            text.append('z').append(w).append(' ');
        }
        var longSpam = Features.of("hello", null, text.toString());
        var categories = List.of("ham", "spam");
        var fromZero = LogisticRegression.fit(examples, TrainingStart.zero(2)); // control: the regression alone
        var fromBayes = LogisticRegression.fit(examples, TrainingStart.naiveBayes(categories, examples));
        assertThat(fromZero.probabilities(longSpam, 1.0)[categories.indexOf("spam")]).isLessThan(0.5);
        assertThat(fromBayes.probabilities(longSpam, 1.0)[categories.indexOf("spam")]).isGreaterThan(0.9);
        assertThat(TrainingStart.of(categories, examples).keepsBias()).isTrue();
        assertThat(LogisticRegression.train(examples, List.of(), 3).classify(longSpam).category()).isEqualTo("spam");
        assertThat(TrainingStart.of(categories, noisy(new Random(8), 200)).keepsBias()).isFalse(); // enough: from zero
    }

    /**
     * Labels that are a coin toss half of the time: the uncalibrated model learns its training set by heart and is
     * sure of itself; calibrated by cross-validation its confidence on new documents matches how often it is right.
     */
    @Test
    void calibratedConfidenceMatchesHowOftenTheModelIsRight() {
        var examples = noisy(new Random(2), 300);
        var held = noisy(new Random(3), 400);
        var calibrated = LogisticRegression.train(examples, List.of(), 5);
        var raw = LogisticRegression.train(examples, List.of(), 0); // control: no calibration
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

    /**
     * Twenty out-of-fold predictions, all right: the calibration still doubts the next one as Laplace's rule of
     * succession does (1 in 22), instead of making every confidence 1. Control: plain log loss (no doubt) prefers the
     * lowest temperature, certainty.
     */
    @Test
    void calibrationOfFewPredictionsAllRightStillLeavesRoomForError() {
        var logits = new ArrayList<double[]>();
        var truths = new ArrayList<Integer>();
        for (int i = 0; i < 20; i++) {
            logits.add(new double[] {2, 0});
            truths.add(0);
        }
        double temperature = Calibration.fit(logits, truths);
        assertThat(LogisticRegression.softmax(logits.getFirst(), temperature)[0])
                .isCloseTo(1 - 1.0 / 22, org.assertj.core.data.Offset.offset(0.005));
        assertThat(Calibration.loss(logits, truths, Calibration.MIN, 0))
                .isLessThan(Calibration.loss(logits, truths, temperature, 0));
    }

    @Test
    void featuresMarkMailHeadersLinksMarkupNumbersAndBigrams() {
        var features = Features.of("FREE Offer", "Deals <promo@shop.example.com>",
                "<html><font>Click http://www.win.example.com/x now</font> call 5551234</html>");
        assertThat(features).contains("s:free", "s:offer", "f:promo", "f:shop", "u:www.win.example.com",
                "u:example.com", "h:html", "h:font", "#7", "caps", "click", "click_http", "free_offer");
        assertThat(Features.of("plain", null, "quiet words")).doesNotContain("caps");
    }

    @Test
    void featuresCountMoneyExclamationAndPercentSignsInBuckets() {
        var features = Features.of("Save $$$ now!", null, "only $5! " + "!".repeat(8) + " 50% off " + "$".repeat(40));
        assertThat(features).contains("sp:$1", "sp:$2", "sp:!1", "p:$2", "p:$8", "p:$32", "p:!2", "p:!8");
        assertThat(features).doesNotContain("sp:!2", "sp:%1", "p:!32", "p:%2");
        assertThat(Features.of("plain", null, "one $ and one ! and one %"))
                .noneMatch(f -> f.startsWith("p:") || f.startsWith("sp:"));
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
