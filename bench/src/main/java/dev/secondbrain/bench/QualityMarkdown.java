package dev.secondbrain.bench;

/** {@code quality.md}: the learning curve's table, ours beside the library, the coverage curves, the corpus's account. */
final class QualityMarkdown {

    private QualityMarkdown() {
    }

    static String of(QualityReport report, QualityReport.Scores coldStart, int held) {
        var read = report.read();
        var ingested = report.ingested();
        var md = new StringBuilder("# Classification quality on a labelled mail corpus\n\n");
        md.append("Every message through the real intake and worker into one tenant; for each k a person confirms k ")
                .append("documents per class (bulk classify through the API), asks for a reclassify job and waits for ")
                .append("it; the held-out documents (fixed-seed split, the same for every k) are scored as stored. ")
                .append("Library: Apache OpenNLP's document categorizer (maxent, bag of words) trained on exactly the ")
                .append("same confirmed documents' stored text. `review` is the share left `needs_review` at the ")
                .append("worker's default `review-threshold`, `auto acc.` the accuracy of the documents classified ")
                .append("automatically; time: confirmations sent to reclassify job done (model relearnt included).\n\n");
        md.append(("Corpus: %d messages; %d read, %d undecodable, %d byte-identical copies of one read (one document); "
                + "%d accepted by the intake, %d rejected; %d stored, %d missing. ")
                .formatted(read.messages(), read.mails().size(), read.unreadable().size(), read.duplicates().size(),
                        ingested.accepted(), ingested.rejected().size(), ingested.stored(), ingested.missing().size()))
                .append("Held out: %d documents.%n%n".formatted(held));
        md.append("| k per class | ours acc. | ours spam P / R / F1 | review | auto acc. | time (s) | reclassified / changed | library acc. | library spam P / R / F1 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        md.append("| 0 (keywords) | %.4f | %s | | | | | | |%n".formatted(coldStart.accuracy(), prf(coldStart)));
        for (var s : report.steps()) {
            md.append("| %d | %.4f | %s | %.3f | %.4f | %.1f | %d / %d | %.4f | %s |%n".formatted(s.k(),
                    s.ours().accuracy(), prf(s.ours()), s.review(), s.autoAccuracy(), s.seconds(), s.job().done(),
                    s.job().changed(), s.library().accuracy(), prf(s.library())));
        }
        md.append("\n## Coverage: accuracy of what is classified automatically vs share sent to review\n\n");
        md.append("Per threshold on the stored confidence: share of held-out documents below it (review) / accuracy ")
                .append("of those at or above it.\n\n| k per class |");
        for (double t : QualityReport.THRESHOLDS) {
            md.append(" %.2f |".formatted(t));
        }
        md.append("\n|---|").append("---|".repeat(QualityReport.THRESHOLDS.length)).append('\n');
        for (var s : report.steps()) {
            md.append("| ").append(s.k()).append(" |");
            for (int t = 0; t < QualityReport.THRESHOLDS.length; t++) {
                md.append(" %.3f / %.4f |".formatted(s.coverage().review()[t], s.coverage().autoAccuracy()[t]));
            }
            md.append('\n');
        }
        for (var unreadable : read.unreadable()) {
            md.append("\n- undecodable: ").append(unreadable.where()).append(": ").append(unreadable.reason());
        }
        for (var duplicate : read.duplicates()) {
            md.append("\n- copy: ").append(duplicate);
        }
        for (var rejected : ingested.rejected()) {
            md.append("\n- rejected: ").append(rejected.length() > 300 ? rejected.substring(0, 300) : rejected);
        }
        for (var missing : ingested.missing()) {
            md.append("\n- missing: ").append(missing);
        }
        return md.append('\n').toString();
    }

    private static String prf(QualityReport.Scores s) {
        return "%.3f / %.3f / %.3f".formatted(s.spamPrecision(), s.spamRecall(), s.spamF1());
    }
}
