package dev.secondbrain.api.changes;

import dev.secondbrain.access.KeyAuthentication;
import dev.secondbrain.access.KeyLookups;
import dev.secondbrain.api.quota.QuotaExceeded;
import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /v1/changes}: the tenant's document changes as Server-Sent Events, newest first from the
 * moment of connecting, or resumed exactly after {@code Last-Event-ID}. Every stream of the instance is served by the
 * instance's one consumer of the topic ({@link ChangeHub}); a stream resumed from behind it reads the gap once itself.
 * Each stream ends after {@code pipeline.changes.max-stream-duration}; EventSource clients reconnect with their last id. While the changes
 * topic is missing or Kafka does not answer, a new stream is refused with 503 and {@code Retry-After}. A tenant may
 * hold {@code max-streams-per-tenant} streams at once (beyond: 429); the stream's key is checked against the store
 * at least every {@code pipeline.api-keys.cache-ttl}, so a revoked key's stream ends within that delay.
 */
@RestController
class ChangesController {

    private static final Logger log = LoggerFactory.getLogger(ChangesController.class);
    /** Opening a stream waits for Kafka at most this long (ChangeHub.end). */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    private final ChangeStreamSettings settings;
    private final ChangeHub hub;
    private final Semaphore streams;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final TenantStreams perTenant;
    private final KeyLookups keys;
    private final Duration pollTimeout;

    ChangesController(ChangeStreamSettings settings, ChangeHub hub, KeyLookups keys) {
        this.settings = settings;
        this.hub = hub;
        this.streams = new Semaphore(settings.maxStreams());
        this.perTenant = new TenantStreams(settings.maxStreamsPerTenant());
        this.keys = keys;
        // the key is checked after every poll: a revoked key's stream ends within the revocation delay
        var delay = keys.revocationDelay();
        this.pollTimeout = delay.isZero() || delay.compareTo(settings.keepAlive()) > 0 ? settings.keepAlive() : delay;
    }

    @Operation(summary = "The tenant's document changes as Server-Sent Events; resume with Last-Event-ID")
    @GetMapping(path = "/v1/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter changes(Tenant tenant, @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        var from = lastEventId == null || lastEventId.isBlank() ? null : StreamPosition.parse(lastEventId);
        var key = (KeyAuthentication) SecurityContextHolder.getContext().getAuthentication();
        if (!perTenant.tryAcquire(tenant.id())) {
            throw new QuotaExceeded("This tenant has " + settings.maxStreamsPerTenant()
                    + " change streams open, as many as it may; close one or retry later.", Duration.ofSeconds(5));
        }
        if (!streams.tryAcquire()) {
            perTenant.release(tenant.id());
            throw new TooManyStreams();
        }
        ChangeStream stream;
        try {
            // opened before answering: without the topic or Kafka the client gets 503, not a stream that stays empty
            var end = hub.end();
            stream = new ChangeStream(hub, tenant.id(), from == null ? end : from);
        } catch (RuntimeException e) {
            streams.release();
            perTenant.release(tenant.id());
            throw e;
        }
        // the stream ends itself at max-stream-duration; the emitter's own timeout is only a backstop
        var emitter = new SseEmitter(settings.maxStreamDuration().plus(settings.keepAlive()).plus(OPEN_TIMEOUT).toMillis());
        emitter.onTimeout(emitter::complete);
        executor.execute(() -> {
            try {
                stream(stream, key, emitter);
            } finally {
                streams.release();
                perTenant.release(tenant.id());
            }
        });
        return emitter;
    }

    /**
     * Sends the stream's changes until max-stream-duration, then ends it. A failure on the way (Kafka gone) ends it
     * as cleanly: the response is an event stream already, so there is no status to give any more, and the client
     * reconnects with its Last-Event-ID as after any end.
     */
    private void stream(ChangeStream opened, KeyAuthentication key, SseEmitter emitter) {
        long deadline = System.nanoTime() + settings.maxStreamDuration().toNanos();
        try (var stream = opened) {
            // the first event tells the client where it stands even before any change arrives
            emitter.send(SseEmitter.event().id(stream.position().eventId()).comment("connected"));
            while (System.nanoTime() < deadline) {
                if (!keys.stillValid(key)) {
                    log.debug("a change stream ends: its key was revoked or expired");
                    break;
                }
                var changes = stream.poll(pollTimeout);
                for (var change : changes) {
                    emitter.send(SseEmitter.event().id(change.position().eventId()).name("DocumentChanged")
                            .data(new String(change.json(), StandardCharsets.UTF_8), MediaType.APPLICATION_JSON));
                }
                if (changes.isEmpty()) {
                    emitter.send(SseEmitter.event().id(stream.position().eventId()).comment("keep-alive"));
                }
            }
            emitter.complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            // the client went away (or the emitter timed out): nothing to answer
            log.debug("change stream closed: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("change stream ended by a failure: {}", e.toString());
            emitter.complete();
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformedPosition(StreamPosition.MalformedPosition e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(ChangeStream.ChangesUnavailable e) {
        log.warn("change stream refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "The change stream is not available right now; retry shortly."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreams e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    /** Every stream slot of this instance is taken. */
    static final class TooManyStreams extends RuntimeException {

        TooManyStreams() {
            super("too many open change streams on this instance; retry shortly");
        }
    }
}
