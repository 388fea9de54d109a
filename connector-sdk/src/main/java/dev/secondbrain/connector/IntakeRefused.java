package dev.secondbrain.connector;

/**
 * The intake refused a request for good (a 4xx other than 429): sending it again would not help. {@code problem} is
 * the intake's problem+json body (its {@code detail}, and {@code errors} for invalid events).
 */
public class IntakeRefused extends RuntimeException {

    private final int status;
    private final String problem;

    IntakeRefused(String request, int status, String problem) {
        super(request + " answered " + status + ": " + problem);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public String problem() {
        return problem;
    }
}
