package dev.secondbrain.bench;

import dev.secondbrain.local.LocalOptions;
import dev.secondbrain.local.LocalPipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Classification quality on a public labelled mail corpus, end to end: every message through the real intake and
 * worker into one tenant; then, for each k, a person confirms k documents per class (bulk classify via the API),
 * asks for a reclassify job and waits for it; the held-out documents (a fixed-seed split, the same for every k)
 * are then scored as stored: accuracy, spam precision/recall/F1, the share left {@code needs_review} and the
 * accuracy of the rest, and the time from the confirmations to the job's end. Side by side, Apache OpenNLP's
 * document categorizer trained on exactly the same confirmed documents' stored text. Writes {@code quality.md} and
 * {@code quality.png}.
 * Usage: {@code QualityBench <corpus-directory> [output-directory] [k,k,...] [seed]}.
 */
public final class QualityBench {

    static final int[] DEFAULT_KS = {10, 50, 200, 1000};

    private QualityBench() {
    }

    public static void main(String[] args) throws Exception {
        var corpus = Path.of(args.length > 0 ? args[0] : System.getProperty("bench.quality.corpus", "corpus"));
        var output = Path.of(args.length > 1 ? args[1] : "bench/results");
        var ks = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : DEFAULT_KS;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 20;
        var report = run(corpus, output, ks, seed);
        System.out.println(report.markdown());
        System.exit(0); // the services' processes and the embedded broker's threads are not all daemons
    }

    static QualityReport run(Path corpus, Path output, int[] ks, long seed) throws Exception {
        var read = MailCorpus.read(corpus);
        var split = split(read.mails(), ks[ks.length - 1], seed);
        // a tenant's model learns from its newest training-per-category confirmed documents (default 500): raised
        // to the largest k, so that ours and the library learn from exactly the same documents
        var options = LocalOptions.throwaway().withEnvironment(Map.of(
                "PIPELINE_CLASSIFIER_TRAININGPERCATEGORY", String.valueOf(Math.max(500, ks[ks.length - 1]))));
        try (var pipeline = LocalPipeline.start(options)) {
            var tenant = QualityTenant.create(pipeline);
            var ingested = tenant.ingest(read.mails());
            var report = new QualityReport(read, ingested, split.held());
            report.coldStart(tenant.scores(split.held()));
            var confirmed = new HashMap<String, List<String>>();
            for (int k : ks) {
                long started = System.nanoTime();
                for (var label : split.byLabel().keySet()) {
                    var ids = split.byLabel().get(label);
                    var already = confirmed.computeIfAbsent(label, l -> new ArrayList<>());
                    var more = ids.subList(already.size(), Math.min(k, ids.size()));
                    tenant.confirm(more, label);
                    already.addAll(more);
                }
                var job = tenant.reclassify();
                double seconds = (System.nanoTime() - started) / 1e9;
                var library = library(tenant, confirmed, split.held());
                report.step(k, seconds, job, tenant.scores(split.held()), library);
            }
            Files.createDirectories(output);
            Files.writeString(output.resolve("quality.md"), report.markdown());
            QualityChart.write(report, output.resolve("quality.png"));
            return report;
        }
    }

    /** The library trained on the confirmed documents' stored text, its answer for every held-out document. */
    private static Map<String, String> library(QualityTenant tenant, Map<String, List<String>> confirmed,
                                               Map<String, String> held) throws Exception {
        var examples = new ArrayList<LibraryClassifier.Labelled>();
        for (var entry : confirmed.entrySet()) {
            tenant.texts(entry.getValue()).values().forEach(t -> examples.add(new LibraryClassifier.Labelled(entry.getKey(), t)));
        }
        var classifier = LibraryClassifier.train(examples);
        var answers = new HashMap<String, String>();
        tenant.texts(List.copyOf(held.keySet())).forEach((id, text) -> answers.put(id, classifier.classify(text)));
        return answers;
    }

    /** Per label, the ids in a fixed-seed order: the first {@code maxK} may be confirmed, the rest are held out. */
    record Split(Map<String, List<String>> byLabel, Map<String, String> held) {
    }

    static Split split(List<MailCorpus.Mail> mails, int maxK, long seed) {
        var byLabel = new LinkedHashMap<String, List<String>>();
        for (var mail : mails) {
            byLabel.computeIfAbsent(mail.label(), l -> new ArrayList<>()).add(mail.externalId());
        }
        var held = new LinkedHashMap<String, String>();
        var random = new Random(seed);
        for (var entry : byLabel.entrySet()) {
            Collections.shuffle(entry.getValue(), random);
            int confirmable = Math.min(maxK, entry.getValue().size() * 3 / 4);
            entry.getValue().subList(confirmable, entry.getValue().size()).forEach(id -> held.put(id, entry.getKey()));
            entry.setValue(List.copyOf(entry.getValue().subList(0, confirmable)));
        }
        return new Split(byLabel, held);
    }
}
