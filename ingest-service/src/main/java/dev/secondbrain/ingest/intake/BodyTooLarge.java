package dev.secondbrain.ingest.intake;

/** The body is larger than {@link IntakeSettings#maxBodySize()}; it was not read to its end. */
class BodyTooLarge extends RuntimeException {

    private final long maxBytes;

    BodyTooLarge(long maxBytes) {
        super(null, null, false, false);
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}
