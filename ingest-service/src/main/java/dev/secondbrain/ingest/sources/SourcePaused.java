package dev.secondbrain.ingest.sources;

import java.util.List;

/** The request names a source its tenant paused; nothing of it was published or changed. */
public final class SourcePaused extends RuntimeException {

    private final List<String> sources;

    SourcePaused(List<String> sources) {
        super("paused: " + sources, null, false, false);
        this.sources = List.copyOf(sources);
    }

    public List<String> sources() {
        return sources;
    }
}
