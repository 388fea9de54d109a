package dev.secondbrain.bench;

/** How big a run is. {@code smoke} only keeps the harness working (CI); {@code default} gives the figures. */
record BenchSize(String name, int documents, int tenants, int legacyEvents, int readSideDocuments, int bulkIds) {

    static BenchSize of(String name) {
        return switch (name) {
            case "smoke" -> new BenchSize(name, 2_000, 20, 300, 20_000, 100);
            case "default" -> new BenchSize(name, 100_000, 1_000, 5_000, 1_000_000, 100);
            default -> throw new IllegalArgumentException("size must be smoke or default, not " + name);
        };
    }
}
