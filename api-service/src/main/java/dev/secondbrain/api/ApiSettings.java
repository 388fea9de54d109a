package dev.secondbrain.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the read API, under {@code pipeline.api}.
 *
 * @param cursorSecret    key that signs pagination cursors (HMAC-SHA256). Every instance behind one load
 *                        balancer needs the same value. Empty: the service does not start, unless
 *                        {@code randomCursorSecret} allows a random key per process (cursors then stop working
 *                        (400) after a restart or on another instance).
 * @param randomCursorSecret allow an empty {@code cursorSecret} (default false: a deployment must set one)
 * @param deleteChunkSize documents tombstoned per transaction by a delete-all job (default 1000 rows)
 * @param jobPollInterval how often unfinished jobs are looked for, so a job survives a restart (default 5 s)
 * @param maxBodySize     largest request body accepted (default 4 MiB; 1000 ids of 512 characters fit)
 * @param snippetChars    characters of a document's content that search highlights (default 20000)
 */
@Validated
@ConfigurationProperties("pipeline.api")
public record ApiSettings(
        @DefaultValue("") String cursorSecret,
        @DefaultValue("false") boolean randomCursorSecret,
        @DefaultValue("1000") @Min(1) @Max(10_000) int deleteChunkSize,
        @DefaultValue("5s") @NotNull Duration jobPollInterval,
        @DefaultValue("4MB") @NotNull DataSize maxBodySize,
        @DefaultValue("20000") @Min(100) @Max(1_000_000) int snippetChars) {
}
