package dev.secondbrain.worker.dedup;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LatestPerKeyTests {

    private static final UUID TENANT = UUID.randomUUID();

    private static Received upsert(String id, long version, String content) {
        return new Received(new DocumentUpserted(TENANT, id, "s", version, null, content, null, null, null, null,
                null, Map.of(), null), null);
    }

    private static Received delete(String id, long version) {
        return new Received(new DocumentDeleted(TENANT, id, "s", version, null), null);
    }

    private static List<DocumentEvent> events(List<Received> received) {
        return received.stream().map(Received::event).toList();
    }

    @Test
    void higherVersionWinsWhateverTheArrivalOrder() {
        var v3 = upsert("a", 3, "three");
        assertThat(events(LatestPerKey.of(List.of(upsert("a", 1, "one"), v3, upsert("a", 2, "two")))))
                .containsExactly(v3.event());
    }

    @Test
    void equalVersionDeleteBeatsUpsertInEitherOrder() {
        assertThat(events(LatestPerKey.of(List.of(delete("a", 5), upsert("a", 5, "x")))).getFirst())
                .isInstanceOf(DocumentDeleted.class);
        assertThat(events(LatestPerKey.of(List.of(upsert("a", 5, "x"), delete("a", 5)))).getFirst())
                .isInstanceOf(DocumentDeleted.class);
    }

    @Test
    void identicalDuplicatesCollapseToOneAndOtherTenantsKeepTheirOwnKeys() {
        var other = new Received(new DocumentDeleted(UUID.randomUUID(), "a", "s", 1, null), null);
        var result = LatestPerKey.of(List.of(upsert("a", 1, "x"), upsert("a", 1, "x"), other, upsert("b", 1, "y")));
        assertThat(result).hasSize(3);
    }
}
