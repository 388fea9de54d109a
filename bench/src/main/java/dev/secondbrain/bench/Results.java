package dev.secondbrain.bench;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one run: measured values, ratios against their baselines, and machine facts. */
final class Results {

    /**
     * One line of the table: {@code ours} and, where there is one, the {@code baseline} it is compared with; for a
     * comparison with a per-row or per-id baseline also both measured again through the delaying proxy
     * ({@code oursRtt}, {@code baselineRtt}; null otherwise).
     */
    record Row(String measure, String unit, double ours, String baselineName, Double baseline,
               boolean lowerIsBetter, String target, Double oursRtt, Double baselineRtt) {

        /** How many times better ours is than the baseline (above 1: ours is better), or null without one. */
        Double ratio() {
            return ratio(ours, baseline);
        }

        /** The same through the proxy, or null without that column. */
        Double ratioRtt() {
            return oursRtt == null ? null : ratio(oursRtt, baselineRtt);
        }

        private Double ratio(double value, Double against) {
            if (against == null || against == 0 || value == 0) {
                return null;
            }
            return lowerIsBetter ? against / value : value / against;
        }
    }

    /** One side of a comparison measured on a local socket and through the proxy. */
    record Both(double local, double rtt) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();

    Results() {
        facts.put("date", Instant.now().toString());
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        facts.put("java", System.getProperty("java.version"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    void fact(String name, Object value) {
        facts.put(name, value);
    }

    /** A figure where more is better (throughput). */
    void higher(String measure, String unit, double ours, String baselineName, Double baseline, String target) {
        add(new Row(measure, unit, ours, baselineName, baseline, false, target, null, null));
    }

    /** A figure where less is better (latency, rows written). */
    void lower(String measure, String unit, double ours, String baselineName, Double baseline, String target) {
        add(new Row(measure, unit, ours, baselineName, baseline, true, target, null, null));
    }

    /** A throughput against a per-row baseline, on a local socket and through the proxy. */
    void higher(String measure, String unit, Both ours, String baselineName, Both baseline, String target) {
        add(new Row(measure, unit, ours.local(), baselineName, baseline.local(), false, target, ours.rtt(), baseline.rtt()));
    }

    /** A latency against a per-id or per-query baseline, on a local socket and through the proxy. */
    void lower(String measure, String unit, Both ours, String baselineName, Both baseline, String target) {
        add(new Row(measure, unit, ours.local(), baselineName, baseline.local(), true, target, ours.rtt(), baseline.rtt()));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    private void add(Row row) {
        rows.add(row);
        System.out.printf("%-58s %12.2f %-8s %s%s%n", row.measure(), row.ours(), row.unit(), row.ratio() == null ? ""
                : "vs %s %.2f -> x%.2f".formatted(row.baselineName(), row.baseline(), row.ratio()),
                row.ratioRtt() == null ? "" : "; with RTT %.2f vs %.2f -> x%.2f".formatted(row.oursRtt(),
                        row.baselineRtt(), row.ratioRtt()));
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), markdown());
        Files.writeString(directory.resolve("results.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(Map.of("facts", facts, "rows", rows)));
        Chart.write(rows, directory.resolve("results.png"));
    }

    String markdown() {
        var md = new StringBuilder("# Benchmark results\n\n");
        facts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("""

                Comparisons with a per-row, per-id or per-query baseline are measured twice: on a local socket, and with \
                both sides talking to PostgreSQL through the bench's delaying TCP proxy (the RTT columns).

                | measure | ours | unit | baseline | baseline value | ours better by | ours, with RTT | baseline, with RTT \
                | ours better by, with RTT | target |
                |---|---:|---|---|---:|---:|---:|---:|---:|---|
                """);
        for (var r : rows) {
            md.append("| %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |\n".formatted(r.measure(), r.ours(), r.unit(),
                    r.baselineName() == null ? "" : r.baselineName(), number(r.baseline()), times(r.ratio()),
                    number(r.oursRtt()), number(r.baselineRtt()), times(r.ratioRtt()),
                    r.target() == null ? "" : r.target()));
        }
        return md.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : "%.2f".formatted(value);
    }

    private static String times(Double ratio) {
        return ratio == null ? "" : "x%.2f".formatted(ratio);
    }
}
