package dev.secondbrain.ingest.sources;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import dev.secondbrain.ingest.publish.PublishFailed;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/**
 * A paused source's refusal, the same on every endpoint (events, syncs, checkpoints): 409 with a problem type a
 * connector can recognise ({@link #PAUSED}) and the paused sources. Not a retryable error: resume first.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SourceProblems {

    static final URI PAUSED = URI.create("https://secondbrain.dev/problems/source-paused");

    @ExceptionHandler
    ResponseEntity<ProblemDetail> paused(SourcePaused e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The source is paused for this tenant; nothing was accepted. Resume it with POST /v1/sources/{source}/resume.");
        problem.setType(PAUSED);
        problem.setTitle("Source paused");
        problem.setProperty("sources", e.sources());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /** The checkpoint's markers were not all acknowledged: it stays pending (never shown); save it again. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(PublishFailed e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge the checkpoint in time; save it again.");
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidCheckpoint e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid checkpoint");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(CheckpointTooLarge e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "A checkpoint body must be at most " + e.maxBytes() + " bytes.");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> none(NoCheckpoint e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No checkpoint of this source and stream has been applied yet: start from the beginning."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badSource(InvalidSource e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "source must match [a-z0-9][a-z0-9_.-]{0,63}."));
    }

    static final class InvalidCheckpoint extends RuntimeException {
        InvalidCheckpoint(String message) {
            super(message, null, false, false);
        }
    }

    static final class CheckpointTooLarge extends RuntimeException {
        private final long maxBytes;

        CheckpointTooLarge(long maxBytes) {
            super(null, null, false, false);
            this.maxBytes = maxBytes;
        }

        long maxBytes() {
            return maxBytes;
        }
    }

    static final class NoCheckpoint extends RuntimeException {
        NoCheckpoint() {
            super(null, null, false, false);
        }
    }
}
