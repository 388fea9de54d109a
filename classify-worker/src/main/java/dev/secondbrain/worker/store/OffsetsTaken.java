package dev.secondbrain.worker.store;

/**
 * A batch's offsets could not be saved because another consumer already committed some of its records: this
 * consumer lost the partition in a rebalance (or a commit it saw fail did happen). The batch's transaction
 * rolls back, nothing of it is applied twice, and the consumer resumes from the stored offsets.
 */
public final class OffsetsTaken extends RuntimeException {

    public OffsetsTaken(String message) {
        super(message);
    }
}
