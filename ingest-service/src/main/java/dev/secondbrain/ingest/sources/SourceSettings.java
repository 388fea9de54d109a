package dev.secondbrain.ingest.sources;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Checkpoints ({@code pipeline.sources.*}).
 *
 * @param maxCheckpointSize largest body of {@code POST /v1/sources/{source}/checkpoints} (the state with its
 *                          envelope); larger gets 413. Default 64 KB (KiB).
 */
@Validated
@ConfigurationProperties("pipeline.sources")
record SourceSettings(@DefaultValue("64KB") @NotNull DataSize maxCheckpointSize) {
}
