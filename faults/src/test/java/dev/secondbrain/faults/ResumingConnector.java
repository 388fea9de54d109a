package dev.secondbrain.faults;

import dev.secondbrain.connector.Document;
import dev.secondbrain.connector.Intake;
import dev.secondbrain.connector.Sync;

import java.util.Map;

/**
 * A connector on the SDK whose source holds documents {@code doc-0 .. doc-(total-1)} (document i at version
 * {@link #version}): it resumes from the source's stored checkpoint {@code {"next": i}} (0 without one), sends the
 * rest in an incremental sync with a checkpoint after every {@value #EVERY} documents, and completes. Run as a
 * process of its own (its {@link #main}) so a test can kill it with {@code kill -9}; it prints
 * {@code checkpointed <next>} after each checkpoint was accepted.
 */
final class ResumingConnector {

    static final int EVERY = 25;

    private ResumingConnector() {
    }

    static long version(int i) {
        return 1_000_000L + i;
    }

    static String content(int i) {
        return "Document " + i + " of the resumable source, about gardens and invoices number " + i;
    }

    /** {@code <intake-url> <api-key> <source> <total>} */
    public static void main(String[] args) {
        var outcome = run(Intake.connect(args[0], args[1]), args[2], Integer.parseInt(args[3]));
        System.out.println("done " + outcome.state());
    }

    /** Resumes, sends the rest, completes; returns the sync's outcome. */
    static Sync.Outcome run(Intake intake, String source, int total) {
        int next = intake.checkpoint(source).map(state -> state.get("next").asInt()).orElse(0);
        var sync = intake.openSync(source, "incremental", (long) (total - next));
        for (int i = next; i < total; i++) {
            sync.send(Document.upsert("doc-" + i, version(i)).title("Doc " + i).content(content(i))
                    .mimeType("text/plain"));
            if ((i + 1) % EVERY == 0) {
                sync.checkpoint(Map.of("next", i + 1));
                System.out.println("checkpointed " + (i + 1));
                System.out.flush();
            }
        }
        sync.checkpoint(Map.of("next", total));
        return sync.complete();
    }
}
