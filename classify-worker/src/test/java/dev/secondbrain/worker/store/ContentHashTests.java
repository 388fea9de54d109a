package dev.secondbrain.worker.store;

import dev.secondbrain.schemas.DocumentUpserted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTests {

    private static DocumentUpserted event(long version, UUID sync, String title, String content, Map<String, Object> metadata) {
        return new DocumentUpserted(UUID.randomUUID(), "id", "notes", version, title, content, "text/plain", null,
                null, Instant.EPOCH, null, metadata, sync);
    }

    @Test
    void sameContentHashesAlikeWhateverVersionSyncTenantOrMetadataKeyOrder() {
        var ab = new LinkedHashMap<String, Object>();
        ab.put("a", 1);
        ab.put("b", Map.of("y", 2, "x", 1));
        var ba = new LinkedHashMap<String, Object>();
        ba.put("b", Map.of("x", 1, "y", 2));
        ba.put("a", 1);
        assertThat(ContentHash.of(event(1, null, "t", "c", ab)))
                .isEqualTo(ContentHash.of(event(7, UUID.randomUUID(), "t", "c", ba)));
    }

    @Test
    void anyContentFieldChangesTheHash() {
        var base = ContentHash.of(event(1, null, "t", "c", Map.of()));
        assertThat(ContentHash.of(event(1, null, "t", "c2", Map.of()))).isNotEqualTo(base);
        assertThat(ContentHash.of(event(1, null, "t2", "c", Map.of()))).isNotEqualTo(base);
        assertThat(ContentHash.of(event(1, null, "t", "c", Map.of("k", "v")))).isNotEqualTo(base);
        // field boundaries are part of the hash: moving text from title to content is a change
        assertThat(ContentHash.of(event(1, null, "tc", "", Map.of())))
                .isNotEqualTo(ContentHash.of(event(1, null, "t", "c", Map.of())));
        assertThat(ContentHash.of(event(1, null, null, "c", Map.of())))
                .isNotEqualTo(ContentHash.of(event(1, null, "", "c", Map.of())));
    }
}
