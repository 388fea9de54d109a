package dev.secondbrain.connector;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A document becomes the event the intake takes (its JSON Schema's property names), source and sync added. */
class DocumentTests {

    @Test
    void anUpsertCarriesItsFieldsTheSourceAndTheSync() {
        var event = Document.upsert("notes/a.md", 42).title("A").content("text").mimeType("text/markdown")
                .updatedAt(Instant.parse("2026-01-01T00:00:00Z")).metadata(Map.of("folder", "inbox"))
                .event("notes", "sync-1");
        assertThat(event).containsEntry("type", "DocumentUpserted").containsEntry("externalId", "notes/a.md")
                .containsEntry("version", 42L).containsEntry("source", "notes").containsEntry("syncId", "sync-1")
                .containsEntry("sourceUpdatedAt", "2026-01-01T00:00:00Z").containsEntry("mimeType", "text/markdown");
    }

    @Test
    void aDeleteOutsideASyncHasNoSyncIdAndANullFieldIsLeftOut() {
        var event = Document.delete("gone", 7).title(null).event("notes", null);
        assertThat(event).containsOnlyKeys("type", "externalId", "version", "source");
        assertThat(event.get("type")).isEqualTo("DocumentDeleted");
    }
}
