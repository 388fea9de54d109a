package dev.secondbrain.worker.consume;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The consumer side of the worker.
 *
 * @param consumers        consumer threads in this process (each its own group member); 0 = none. Default 1.
 * @param groupId          Kafka consumer group, also the key of the offsets stored in PostgreSQL. Default classify-worker.
 * @param instanceId       this process among the group's workers: its consumers are static members
 *                         {@code <instanceId>-<index>} (Kafka's {@code group.instance.id}) and their client ids
 *                         {@code <groupId>-<instanceId>-<index>}. It must differ between processes and stay the
 *                         same when one restarts; blank = the host name. Default blank.
 * @param maxPollRecords   most records in one micro-batch. Default 1000.
 * @param pollTimeout      how long one poll waits for records. Default 500ms.
 * @param retryBackoff     first pause before retrying a batch after a transient failure; doubles. Default 200ms.
 * @param retryBackoffMax  longest pause between retries. Default 5s.
 * @param maxPollInterval  longest a batch may take (retries included) before the group evicts the member. Default 10m.
 * @param sendTimeout      how long to wait for the broker to acknowledge dead letters. Default 30s.
 * @param stuckAfter       a batch that keeps failing for longer than this (any cause) shows its partitions as stuck
 *                         in a metric and in readiness, with the error; it is still retried. Default 1m.
 */
@Validated
@ConfigurationProperties("pipeline.worker")
public record WorkerSettings(
        @DefaultValue("1") @Min(0) @Max(64) int consumers,
        @DefaultValue("classify-worker") @NotBlank String groupId,
        @DefaultValue("") @Pattern(regexp = "[A-Za-z0-9._-]{0,200}") String instanceId,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxPollRecords,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("5s") Duration retryBackoffMax,
        @DefaultValue("10m") Duration maxPollInterval,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("1m") Duration stuckAfter) {

    /** {@link #instanceId()}, or this host's name when it is blank. */
    public String instance() {
        if (!instanceId.isBlank()) {
            return instanceId;
        }
        var host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("no host name: set pipeline.worker.instance-id", e);
        }
    }
}
