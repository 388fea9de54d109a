package dev.secondbrain.ingest.intake;

import dev.secondbrain.ingest.intake.IntakeMetrics.Reason;
import dev.secondbrain.ingest.publish.EventTooLarge;
import dev.secondbrain.ingest.publish.PublishFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Duration;
import java.util.List;

/** The intake's refusals as problem+json (RFC 9457). */
@RestControllerAdvice(assignableTypes = EventsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class IntakeProblems {

    private static final Logger log = LoggerFactory.getLogger(IntakeProblems.class);

    private final IntakeMetrics metrics;

    IntakeProblems(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(RejectedEvents e) {
        return invalid(e.errors());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLargeForKafka(EventTooLarge e) {
        return invalid(List.of(new EventError(e.index(), null, e.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLarge e) {
        metrics.rejected(Reason.TOO_LARGE);
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The body must be at most " + e.maxBytes() + " bytes.");
        // Tomcat drains what is left up to server.tomcat.max-swallow-size, or else closes the connection
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(RateLimited e) {
        metrics.rejected(Reason.RATE_LIMITED);
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "This tenant sends more events per second than it may; nothing was published.");
        return retryLater(problem, e.retryAfter());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(PublishFailed e) {
        metrics.rejected(Reason.UNAVAILABLE);
        log.warn("publishing failed: {}", e.getCause() == null ? e.getMessage() : e.getCause().toString());
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge the events in time. Some may have been stored: send the whole request again.");
        return retryLater(problem, e.retryAfter());
    }

    private ResponseEntity<ProblemDetail> invalid(List<EventError> errors) {
        metrics.rejected(Reason.INVALID);
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request breaks the event contract; nothing was published.");
        problem.setTitle("Invalid events");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<ProblemDetail> retryLater(ProblemDetail problem, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return ResponseEntity.status(problem.getStatus())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(problem);
    }
}
