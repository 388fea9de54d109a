package dev.secondbrain.worker.classify;

/** The classifier could not answer (remote service down or wrong); the batch is retried, never dead-lettered. */
public class ClassifierUnavailable extends RuntimeException {

    public ClassifierUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
