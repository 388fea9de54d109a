package dev.secondbrain.worker.classify;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * On demand (not a *Tests class): the tenant model alone on the SpamAssassin corpus (raw messages, headers split
 * off crudely: Subject as title, From as author, the raw body as content), k confirmed per class, the rest held out.
 * The end-to-end figures through intake and worker are the bench's QualityBench; this is for quick iterations.
 * {@code ./mvnw -q -pl classify-worker verify -Dtest=MailCorpusMeasurement -Dcorpus=/path/to/package/data}
 * (optional: {@code -Dseed=20} the split's shuffle seed, {@code -Dks=10,50} the k per class measured)
 */
class MailCorpusMeasurement {

    private static final int TRAINING_CHARS = Integer.getInteger("training.chars", 4000);

    private static String cut(String text, int chars) {
        return text.length() > chars ? text.substring(0, chars) : text;
    }

    record Mail(String label, String title, String author, String body) {
    }

    @Test
    void measuresTheTenantModelOnTheMailCorpus() throws IOException {
        var corpus = Path.of(System.getProperty("corpus", "/work/wt/corpus/package/data"));
        var mails = new ArrayList<Mail>();
        for (var folder : List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")) {
            try (var files = Files.list(corpus.resolve(folder))) {
                for (var file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                    mails.add(parse(folder.startsWith("spam") ? "spam" : "ham", Files.readString(file, StandardCharsets.ISO_8859_1)));
                }
            }
        }
        Collections.shuffle(mails, new Random(Long.getLong("seed", 20)));
        for (int k : java.util.Arrays.stream(System.getProperty("ks", "10,50,200,1000").split(",")).mapToInt(Integer::parseInt).toArray()) {
            var train = new ArrayList<Mail>();
            var held = new ArrayList<Mail>();
            int ham = 0;
            int spam = 0;
            for (var mail : mails) {
                boolean isSpam = mail.label().equals("spam");
                if ((isSpam ? spam++ : ham++) < k) {
                    train.add(mail);
                } else {
                    held.add(mail);
                }
            }
            long started = System.nanoTime();
            var nb = NaiveBayes.train(train.stream().map(m -> new NaiveBayes.Example(m.label(), Tokens.of(m.title(), m.body()))).toList());
            report("nb   k=" + k, held, m -> nb.classify(Tokens.of(m.title(), m.body())));
            var lr = LogisticRegression.train(train.stream().map(m -> new LogisticRegression.Example(m.label(),
                    Features.of(m.title(), m.author(), cut(m.body(), TRAINING_CHARS)))).toList(), 5);
            System.out.printf("lr trained in %.2f s, temperature %.3f%n", (System.nanoTime() - started) / 1e9, lr.temperature());
            report("lr   k=" + k, held, m -> lr.classify(Features.of(m.title(), m.author(), m.body())));
        }
    }

    private static void report(String name, List<Mail> held, Function<Mail, KeywordRules.Scored> classify) {
        var scored = new ArrayList<double[]>();
        for (var mail : held) {
            var s = classify.apply(mail);
            scored.add(new double[] {s.confidence(), s.category().equals(mail.label()) ? 1 : 0});
        }
        double right = scored.stream().mapToDouble(s -> s[1]).sum();
        var line = new StringBuilder("%s accuracy %.4f |".formatted(name, right / held.size()));
        for (double threshold : new double[] {0.6, 0.7, 0.75, 0.8, 0.9, 0.95}) {
            var auto = scored.stream().filter(s -> s[0] >= threshold).toList();
            double acc = auto.stream().mapToDouble(s -> s[1]).sum() / Math.max(1, auto.size());
            line.append(" t%.2f review %.3f acc %.4f |".formatted(threshold, 1 - auto.size() / (double) held.size(), acc));
        }
        System.out.println(line);
    }

    static Mail parse(String label, String raw) {
        int end = raw.indexOf("\n\n");
        var headers = end < 0 ? raw : raw.substring(0, end);
        var body = end < 0 ? "" : raw.substring(end + 2);
        return new Mail(label, header(headers, "Subject"), header(headers, "From"), body);
    }

    private static String header(String headers, String name) {
        for (var line : headers.split("\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }

}
