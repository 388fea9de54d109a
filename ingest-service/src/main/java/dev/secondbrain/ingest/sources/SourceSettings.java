package dev.secondbrain.ingest.sources;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import org.springframework.validation.annotation.Validated;

/**
 * Checkpoints and pauses ({@code pipeline.sources.*}).
 *
 * @param maxCheckpointSize largest body of {@code POST /v1/sources/{source}/checkpoints} (the state with its
 *                          envelope); larger gets 413. Default 64 KB (KiB).
 * @param pausedCacheTtl    how long an instance keeps a tenant's paused sources before reading them again, so an
 *                          events request asks the database nothing; a pause or resume through this instance is
 *                          seen at once, through another instance after at most this long. Default 1s.
 */
@Validated
@ConfigurationProperties("pipeline.sources")
record SourceSettings(@DefaultValue("64KB") @NotNull DataSize maxCheckpointSize,
                      @DefaultValue("1s") @NotNull Duration pausedCacheTtl) {
}
