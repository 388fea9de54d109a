package dev.secondbrain.changefeed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the change feed ({@code pipeline.change-feed.*}).
 *
 * @param slotName          PostgreSQL logical replication slot; exclusive, so it also fences a second publisher
 * @param publicationName   PostgreSQL publication of the documents table; the migration V42 makes
 *                          {@code pipeline_changes} (a publication takes the tables' owner), the feed never creates one
 * @param heartbeatInterval how often the feed confirms its position even when documents are idle, so WAL
 *                          does not pile up behind the slot
 * @param retryBackoff      wait before retrying after a failure, and between leadership attempts
 * @param leaderLockKey     PostgreSQL advisory lock key that elects the one active publisher
 * @param maxSlotLag        WAL the replication slot may hold before the feed's health is DOWN: PostgreSQL keeps WAL
 *                          until the feed confirms it, so a feed that cannot publish fills the database's disk
 */
@Validated
@ConfigurationProperties("pipeline.change-feed")
public record ChangeFeedSettings(
        @DefaultValue("pipeline_changes") String slotName,
        @DefaultValue("pipeline_changes") String publicationName,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("2s") Duration retryBackoff,
        @DefaultValue("4242001") long leaderLockKey,
        @DefaultValue("1GB") DataSize maxSlotLag) {
}
