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

    /** One line of the table: {@code ours} and, where there is one, the {@code baseline} it is compared with. */
    record Row(String measure, String unit, double ours, String baselineName, Double baseline,
               boolean lowerIsBetter, String target) {

        /** How many times better ours is than the baseline (above 1: ours is better), or null without one. */
        Double ratio() {
            if (baseline == null || baseline == 0 || ours == 0) {
                return null;
            }
            return lowerIsBetter ? baseline / ours : ours / baseline;
        }
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
        add(new Row(measure, unit, ours, baselineName, baseline, false, target));
    }

    /** A figure where less is better (latency, rows written). */
    void lower(String measure, String unit, double ours, String baselineName, Double baseline, String target) {
        add(new Row(measure, unit, ours, baselineName, baseline, true, target));
    }

    private void add(Row row) {
        rows.add(row);
        System.out.printf("%-58s %12.2f %-8s %s%n", row.measure(), row.ours(), row.unit(), row.ratio() == null ? ""
                : "vs %s %.2f -> x%.2f".formatted(row.baselineName(), row.baseline(), row.ratio()));
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), markdown());
        Files.writeString(directory.resolve("results.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(Map.of("facts", facts, "rows", rows)));
        Chart.write(rows.stream().filter(r -> r.ratio() != null).toList(), directory.resolve("results.png"));
    }

    String markdown() {
        var md = new StringBuilder("# Benchmark results\n\n");
        facts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| measure | ours | unit | baseline | baseline value | ours better by | target |\n|---|---:|---|---|---:|---:|---|\n");
        for (var r : rows) {
            md.append("| %s | %.2f | %s | %s | %s | %s | %s |\n".formatted(r.measure(), r.ours(), r.unit(),
                    r.baselineName() == null ? "" : r.baselineName(),
                    r.baseline() == null ? "" : "%.2f".formatted(r.baseline()),
                    r.ratio() == null ? "" : "x%.2f".formatted(r.ratio()),
                    r.target() == null ? "" : r.target()));
        }
        return md.toString();
    }
}
