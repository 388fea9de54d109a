package dev.secondbrain.api;

import dev.secondbrain.api.cursor.BadCursor;
import dev.secondbrain.api.quota.QuotaExceeded;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Every error is an RFC 9457 problem. Spring MVC's own failures (404, 405, 415, unreadable JSON, type
 * mismatch) come from the base class; ours are mapped here. Details never carry internal messages.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    @ExceptionHandler(QuotaExceeded.class)
    ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceeded e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    /** A query parameter that is not valid percent-encoded UTF-8: Tomcat refuses to decode it. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter() {
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "A query parameter is not valid percent-encoded UTF-8."));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "Not found."));
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<ProblemDetail> conflict(Conflict e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT, e.getMessage()));
    }

    @ExceptionHandler(BadCursor.class)
    ResponseEntity<ProblemDetail> badCursor() {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid cursor."));
    }

    /**
     * No connection within the pool's timeout, or the database went away under a pooled connection (an outage,
     * a restart: the pool reconnects): the request may simply be sent again. A rollback or commit that fails
     * because the connection is gone overrides the statement's own failure with a TransactionSystemException.
     */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class, TransactionSystemException.class})
    ResponseEntity<ProblemDetail> busy() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "The service is busy; retry shortly."));
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> database(DataAccessException e) {
        var state = e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
        // 22xxx data exception, 54xxx program limit: the values sent cannot be processed, not our failure
        if (state != null && (state.startsWith("22") || state.startsWith("54"))) {
            return ResponseEntity.badRequest()
                    .body(problem(HttpStatus.BAD_REQUEST, "The request contains values that cannot be processed."));
        }
        return internal(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> internal(Exception e) {
        log.error("request failed", e);
        return ResponseEntity.internalServerError()
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(m -> Map.of(
                        "field", name(r), "message", String.valueOf(m.getDefaultMessage()))))
                .toList();
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "Not found."));
    }

    private static String name(ParameterValidationResult result) {
        var name = result.getMethodParameter().getParameterName();
        return name == null ? "parameter" : name;
    }

    private static ResponseEntity<Object> invalid(List<Map<String, String>> errors) {
        var problem = problem(HttpStatus.BAD_REQUEST, "Invalid request.");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }
}
