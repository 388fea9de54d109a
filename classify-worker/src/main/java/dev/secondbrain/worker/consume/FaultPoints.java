package dev.secondbrain.worker.consume;

/**
 * Named moments in the life of a micro-batch where a fault test makes the worker fail (throw an Error to
 * "crash" it, a transient exception, or stall). Production runs with {@link #NONE}: one call of an empty
 * method per batch, inlined by the JIT. A test registers its own bean of this type in the worker's context.
 */
@FunctionalInterface
public interface FaultPoints {

    FaultPoints NONE = point -> { };

    enum Point {
        /** The batch is planned and its changed documents are about to be classified (no transaction open). */
        CLASSIFYING,
        /** In the batch's transaction: documents written, offsets about to be saved. */
        SAVING_OFFSETS,
        /** In the batch's transaction: everything written, commit next. */
        COMMITTING,
        /** The transaction committed (documents and offsets); the Kafka copy of the offsets is not yet sent. */
        COMMITTED
    }

    void reached(Point point);
}
