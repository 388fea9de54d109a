package dev.secondbrain.worker.sync;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Full-sync reconciliation ({@code pipeline.sync.*}).
 *
 * @param maxDeleteShare  a sweep that would tombstone more than this share of a source's live documents
 *                        waits for {@code POST /v1/syncs/{id}/confirm-deletions} (0..1)
 * @param sweepChunkSize  documents tombstoned per committed transaction
 * @param sweepInterval   how often the worker looks for a completed sync whose events are all applied
 * @param stallAfter      an open sync with no event and no heartbeat for this long becomes {@code stalled}
 *                        (checked every {@code sweep-interval})
 */
@Validated
@ConfigurationProperties("pipeline.sync")
public record SyncSettings(
        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("1") double maxDeleteShare,
        @DefaultValue("1000") @Min(1) int sweepChunkSize,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("10m") Duration stallAfter) {
}
