package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.consume.FaultPoints.Point;
import dev.secondbrain.worker.store.SyncProgress;
import dev.secondbrain.worker.deadletter.DeadLetters;
import dev.secondbrain.worker.deadletter.DeadLetters.DeadLetter;
import dev.secondbrain.worker.store.Change;
import dev.secondbrain.worker.store.Checkpoints;
import dev.secondbrain.worker.store.ConsumerOffsets;
import dev.secondbrain.worker.store.ConsumerOffsets.Span;
import dev.secondbrain.worker.store.DataRejected;
import dev.secondbrain.worker.store.Documents;
import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a planned batch and its offsets in ONE transaction. When the database rejects the batch because of
 * a value (not an outage), the batch is bisected: halves that the database takes commit on their own, the
 * record(s) it refuses are dead-lettered, then the offsets commit. Transient failures are thrown to the
 * caller, which retries the whole batch (halves already committed are then unchanged: nothing is lost or
 * applied twice). Returns the dead-lettered count.
 */
final class BatchWriter {

    private final TransactionTemplate transactions;
    private final Documents documents;
    private final ConsumerOffsets offsets;
    private final SyncProgress syncProgress;
    private final Checkpoints checkpoints;
    private final DeadLetters deadLetters;
    private final FaultPoints faults;

    BatchWriter(TransactionTemplate transactions, Documents documents, ConsumerOffsets offsets,
                SyncProgress syncProgress, Checkpoints checkpoints, DeadLetters deadLetters, FaultPoints faults) {
        this.checkpoints = checkpoints;
        this.faults = faults;
        this.transactions = transactions;
        this.documents = documents;
        this.offsets = offsets;
        this.syncProgress = syncProgress;
        this.deadLetters = deadLetters;
    }

    record Written(int rows, int deadLettered) {
    }

    /** {@code markers}: the checkpoint markers the batch's partitions passed, recorded with the batch. */
    Written write(BatchPlan plan, List<Checkpoints.Passed> markers, Map<TopicPartition, Span> spans) {
        try {
            int rows = inTransaction(() -> {
                int written = documents.write(plan.changes());
                documents.seen(plan.seen());
                syncProgress.add(plan.syncs());
                checkpoints.passed(markers);
                saveOffsets(spans);
                return written;
            });
            return new Written(rows, 0);
        } catch (DataAccessException e) {
            if (!DataRejected.by(e)) {
                throw e;
            }
            return bisected(plan, markers, spans);
        }
    }

    /** The last statements of a batch's transaction; the fault points around them are for fault tests. */
    private void saveOffsets(Map<TopicPartition, Span> spans) {
        faults.reached(Point.SAVING_OFFSETS);
        offsets.save(spans);
        faults.reached(Point.COMMITTING);
    }

    private Written bisected(BatchPlan plan, List<Checkpoints.Passed> markers, Map<TopicPartition, Span> spans) {
        var rejected = new ArrayList<DeadLetter>();
        int rows = isolate(plan.changes(), rejected);
        deadLetters.send(rejected);
        inTransaction(() -> {
            documents.seen(plan.seen());
            syncProgress.add(plan.syncs());
            // after the halves the database took: a checkpoint never passes an event that was not applied
            checkpoints.passed(markers);
            saveOffsets(spans);
            return 0;
        });
        return new Written(rows, rejected.size());
    }

    /** Commits every part the database takes; collects the single records it refuses. */
    private int isolate(List<Change> changes, List<DeadLetter> rejected) {
        if (changes.size() == 1) {
            return attempt(changes, rejected);
        }
        int half = changes.size() / 2;
        return attempt(changes.subList(0, half), rejected) + attempt(changes.subList(half, changes.size()), rejected);
    }

    private int attempt(List<Change> part, List<DeadLetter> rejected) {
        try {
            return inTransaction(() -> documents.write(part));
        } catch (DataAccessException e) {
            if (!DataRejected.by(e)) {
                throw e;
            }
            if (part.size() > 1) {
                return isolate(part, rejected);
            }
            rejected.add(new DeadLetter(part.getFirst().received().record(), e.getMostSpecificCause()));
            return 0;
        }
    }

    private int inTransaction(java.util.function.IntSupplier work) {
        Integer result = transactions.execute(status -> work.getAsInt());
        return result == null ? 0 : result;
    }
}
