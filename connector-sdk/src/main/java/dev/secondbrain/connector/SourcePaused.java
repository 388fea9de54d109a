package dev.secondbrain.connector;

/**
 * The source is paused for this tenant (409, problem type {@value #TYPE}): nothing of the request was accepted. A
 * connector stops and tries again later; the stored checkpoint is where it resumes.
 */
public final class SourcePaused extends IntakeRefused {

    public static final String TYPE = "https://secondbrain.dev/problems/source-paused";

    SourcePaused(String request, String problem) {
        super(request, 409, problem);
    }
}
