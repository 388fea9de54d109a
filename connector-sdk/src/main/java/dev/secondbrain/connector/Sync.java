package dev.secondbrain.connector;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An open sync of one source: {@link #send} documents (batched to the intake's limits), {@link #checkpoint} the
 * state to resume from, {@link #complete} and get the outcome. A full sync's completion deletes the source's
 * documents it did not send (the worker's sweep); an incremental one deletes nothing. Thread-safe.
 */
public final class Sync {

    /** How a sync ended: its state and counts as {@code GET /v1/syncs/{id}} shows them. */
    public record Outcome(String state, long received, long applied, long unchanged, long deleted, Long toDelete) {

        public boolean completed() {
            return state.equals("completed");
        }
    }

    private static final Set<String> FINAL = Set.of("completed", "needs_confirmation", "aborted", "failed", "reverted");
    private static final Duration POLL = Duration.ofMillis(200);

    private final Intake intake;
    private final String source;
    private final String mode;
    private final String id;
    private final Batch batch;

    Sync(Intake intake, String source, String mode, String id) {
        this.intake = intake;
        this.source = source;
        this.mode = mode;
        this.id = id;
        this.batch = new Batch(intake, source, id);
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public String mode() {
        return mode;
    }

    /** Adds a document; a full request is sent at once (and acknowledged) before this returns. */
    public void send(Document document) {
        batch.add(document);
    }

    /** Sends the documents that wait; returns once the intake acknowledged them. */
    public void flush() {
        batch.flush();
    }

    /** Documents the intake acknowledged in this sync so far. */
    public long sent() {
        return batch.sent();
    }

    /** The source's newest applied checkpoint (default stream): where a connector resumes. */
    public Optional<JsonNode> lastCheckpoint() {
        return intake.checkpoint(source);
    }

    /**
     * Sends what waits, then saves {@code state} as the source's checkpoint (default stream): it becomes visible once
     * every document sent before it is applied, so a connector that resumes from it loses nothing.
     */
    public void checkpoint(Object state) {
        checkpoint(null, state);
    }

    public void checkpoint(String stream, Object state) {
        batch.flush();
        intake.saveCheckpoint(source, stream, state);
    }

    /** A sign of life while nothing is sent (a sync silent for the worker's stall-after becomes stalled). */
    public void heartbeat() {
        intake.request("POST", "/v1/syncs/" + id + "/heartbeat", java.util.Map.of());
    }

    /** State and progress now (received, applied, rate, ETA, ...). */
    public JsonNode progress() {
        return intake.request("GET", "/v1/syncs/" + id, null);
    }

    /** Sends what waits, completes the sync and waits (up to 10 minutes) for its outcome. */
    public Outcome complete() {
        return complete(Duration.ofMinutes(10));
    }

    public Outcome complete(Duration atMost) {
        batch.flush();
        intake.request("POST", "/v1/syncs/" + id + "/complete", java.util.Map.of());
        return awaitOutcome(atMost);
    }

    /** Aborts the sync: it deletes nothing. Documents already sent stay. */
    public Outcome abort() {
        intake.request("POST", "/v1/syncs/" + id + "/abort", java.util.Map.of());
        return outcome(progress());
    }

    /** Waits until the sync reached a final state (or {@code needs_confirmation}); throws when it did not in time. */
    public Outcome awaitOutcome(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            var progress = progress();
            if (FINAL.contains(progress.get("state").asString())) {
                return outcome(progress);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sync " + id + " is still " + progress.get("state").asString());
            }
            try {
                Thread.sleep(POLL); // the worker applies and sweeps on its own schedule
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IntakeUnavailable("interrupted while waiting for the outcome", e);
            }
        }
    }

    private static Outcome outcome(JsonNode p) {
        return new Outcome(p.get("state").asString(), p.get("received").asLong(), p.get("applied").asLong(),
                p.get("unchanged").asLong(), p.get("deleted").asLong(),
                p.get("toDelete") == null || p.get("toDelete").isNull() ? null : p.get("toDelete").asLong());
    }
}
