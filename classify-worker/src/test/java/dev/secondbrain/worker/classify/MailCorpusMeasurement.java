package dev.secondbrain.worker.classify;

import dev.secondbrain.tools.mail.MailMessage;
import dev.secondbrain.tools.mail.MailReader;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * On demand (not a *Tests class): the tenant model alone on the SpamAssassin corpus, beside the quality bench's library
 * (OpenNLP's document categorizer, cutoff 1, on title, author and the first 20,000 characters), without intake, worker
 * or database: messages read by the email connector's reader as the bench reads them, the bench's split (per label
 * shuffled by the seed; the same held-out documents, beyond the largest k, for every k), our model learnt and asked as
 * the worker does (the first {@code training-chars} of content, 3 calibration folds, unconfirmed documents beside
 * the confirmed: {@link #unconfirmed}). The end-to-end figures are the bench's QualityBench; this is for quick
 * iterations.
 * {@code ./mvnw -q -pl classify-worker -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=MailCorpusMeasurement
 * -Dcorpus=/path/to/package/data} (optional: {@code -Dseed=20} the split's seed or {@code -Dseeds=20,21,22}, {@code -Dks=10,50}
 * the k per class, {@code -Dsplit=1000} the largest k the split keeps confirmable (default the largest of ks),
 * {@code -Dunlabelled=1000} unconfirmed documents read, {@code -Dunlabelled.from=last} see {@link #unconfirmed})
 */
class MailCorpusMeasurement {

    private static final int TRAINING_CHARS = 4000;
    private static final int FOLDS = 3;
    private static final double REVIEW_THRESHOLD = 0.75;

    record Mail(String label, String title, String author, String content) {
    }

    @Test
    void measuresTheTenantModelOnTheMailCorpus() throws Exception {
        var mails = new ArrayList<Mail>();
        for (var read : MailReader.read(Path.of(System.getProperty("corpus", "corpus/package/data")))) {
            if (read instanceof MailMessage m) {
                mails.add(new Mail(m.where().startsWith("spam") ? "spam" : "ham", m.title(), m.author(), m.text()));
            }
        }
        var ks = Arrays.stream(System.getProperty("ks", "10,50,200,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        for (var seed : System.getProperty("seeds", System.getProperty("seed", "20")).split(",")) {
            measure(mails, ks, Long.parseLong(seed));
        }
    }

    private static void measure(List<Mail> mails, int[] ks, long seed) throws Exception {
        var byLabel = split(mails, Integer.getInteger("split", ks[ks.length - 1]), seed);
        var held = byLabel.get("held");
        System.out.printf("seed %d: %d messages, %d held out%n", seed, mails.size(), held.size());
        for (int k : ks) {
            var confirmed = new ArrayList<Mail>();
            byLabel.forEach((label, list) -> confirmed.addAll(label.equals("held") ? List.of() : list.subList(0, k)));
            var unlabelled = unconfirmed(mails, confirmed, byLabel, k, seed).stream()
                    .map(MailCorpusMeasurement::features).toList();
            long started = System.nanoTime();
            var model = LogisticRegression.train(confirmed.stream().map(m -> new LogisticRegression.Example(m.label(),
                    features(m))).toList(), unlabelled, FOLDS);
            double learnt = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            var ours = held.stream().map(m -> model.classify(features(m))).toList();
            double perDocument = (System.nanoTime() - started) / 1e3 / held.size();
            double library = library(confirmed, held);
            report(k, held, ours, library, learnt, perDocument);
        }
    }

    /** The bench's split: per label (first met first) shuffled by one random; beyond maxK (at most 3/4) held out. */
    private static LinkedHashMap<String, List<Mail>> split(List<Mail> mails, int maxK, long seed) {
        var byLabel = new LinkedHashMap<String, List<Mail>>();
        mails.forEach(m -> byLabel.computeIfAbsent(m.label(), l -> new ArrayList<>()).add(m));
        var held = new ArrayList<Mail>();
        var random = new Random(seed);
        for (var entry : byLabel.entrySet()) {
            Collections.shuffle(entry.getValue(), random);
            int confirmable = Math.min(maxK, entry.getValue().size() * 3 / 4);
            held.addAll(entry.getValue().subList(confirmable, entry.getValue().size()));
            entry.setValue(entry.getValue().subList(0, confirmable));
        }
        byLabel.put("held", held);
        return byLabel;
    }

    /**
     * The worker's sample of the tenant's unconfirmed documents ({@code unlabelled-documents}, 1000 by default, spread
     * over the tenant): here a seeded random {@code -Dunlabelled} of the documents not confirmed, held-out ones included
     * (the bench's tenant stores them all). {@code -Dunlabelled.from=last}: the last ones in the corpus's order instead
     * (its spam folder), what the worker read before, its newest, when a mailbox is imported folder by folder.
     */
    private static List<Mail> unconfirmed(List<Mail> mails, List<Mail> confirmed, LinkedHashMap<String, List<Mail>> byLabel,
                                          int k, long seed) {
        int n = Integer.getInteger("unlabelled", 1000);
        if (System.getProperty("unlabelled.from", "spread").equals("last")) {
            var taken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Mail, Boolean>());
            taken.addAll(confirmed);
            var rest = mails.stream().filter(m -> !taken.contains(m)).toList();
            return rest.subList(Math.max(0, rest.size() - n), rest.size());
        }
        var pool = new ArrayList<Mail>();
        byLabel.forEach((label, list) -> pool.addAll(label.equals("held") ? list : list.subList(k, list.size())));
        Collections.shuffle(pool, new Random(seed + 1));
        return pool.subList(0, Math.min(pool.size(), n));
    }

    /** What the worker's model reads of a mail: title, author and the first training-chars of content. */
    private static java.util.Set<String> features(Mail mail) {
        var content = mail.content();
        if (content != null && content.codePointCount(0, content.length()) > TRAINING_CHARS) {
            content = content.substring(0, content.offsetByCodePoints(0, TRAINING_CHARS));
        }
        return Features.of(mail.title(), mail.author(), content);
    }

    private static double library(List<Mail> confirmed, List<Mail> held) throws Exception {
        var samples = confirmed.stream().map(m -> new DocumentSample(m.label(), tokens(m))).toList();
        var parameters = TrainingParameters.defaultParams();
        parameters.put(TrainingParameters.CUTOFF_PARAM, 1);
        var categorizer = new DocumentCategorizerME(DocumentCategorizerME.train("en",
                new CollectionObjectStream<>(samples), parameters, new DoccatFactory()));
        return held.stream().filter(m -> categorizer.getBestCategory(categorizer.categorize(tokens(m)))
                .equals(m.label())).count() / (double) held.size();
    }

    private static String[] tokens(Mail mail) {
        var content = mail.content() == null ? "" : mail.content();
        var text = String.join(" ", mail.title() == null ? "" : mail.title(), mail.author() == null ? "" : mail.author(),
                content.length() > 20_000 ? content.substring(0, 20_000) : content);
        var all = SimpleTokenizer.INSTANCE.tokenize(text.toLowerCase(Locale.ROOT));
        return all.length > 5000 ? Arrays.copyOf(all, 5000) : all;
    }

    private static void report(int k, List<Mail> held, List<KeywordRules.Scored> ours, double library, double learnt,
                               double perDocument) {
        var line = new StringBuilder();
        int right = 0;
        int auto = 0;
        int autoRight = 0;
        int spamAsHam = 0;
        for (int i = 0; i < held.size(); i++) {
            boolean correct = ours.get(i).category().equals(held.get(i).label());
            right += correct ? 1 : 0;
            spamAsHam += !correct && held.get(i).label().equals("spam") ? 1 : 0;
            if (ours.get(i).confidence() >= REVIEW_THRESHOLD) {
                auto++;
                autoRight += correct ? 1 : 0;
            }
        }
        line.append("k=%d ours %.4f library %.4f | review %.3f auto %.4f | spam as ham %d, ham as spam %d | learnt %.2f s, %.0f us/document |".formatted(
                k, right / (double) held.size(), library, 1 - auto / (double) held.size(),
                autoRight / (double) Math.max(1, auto), spamAsHam, held.size() - right - spamAsHam, learnt, perDocument));
        for (double threshold : new double[] {0.6, 0.7, 0.8, 0.9}) {
            var kept = java.util.stream.IntStream.range(0, held.size())
                    .filter(i -> ours.get(i).confidence() >= threshold).toArray();
            long keptRight = Arrays.stream(kept).filter(i -> ours.get(i).category().equals(held.get(i).label())).count();
            line.append(" t%.2f %.3f/%.4f".formatted(threshold, 1 - kept.length / (double) held.size(),
                    keptRight / (double) Math.max(1, kept.length)));
        }
        System.out.println(line);
    }
}
