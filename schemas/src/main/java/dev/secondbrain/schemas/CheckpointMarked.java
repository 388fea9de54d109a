package dev.secondbrain.schemas;

import java.util.UUID;

/**
 * A connector's checkpoint passed this point of one partition of {@link Topics#EVENTS}. Not a document event: the
 * intake publishes one to every partition (the {@code partitions} it had) after the events the connector sent
 * before saving the checkpoint; the worker records, with the batch that applies a partition's events, that the
 * partition passed it, and the checkpoint becomes visible once all did. Key {@code <tenantId>/checkpoint:<id>},
 * header {@code event-type: CheckpointMarked}. Described by {@code schemas/CheckpointMarked.json}.
 */
public record CheckpointMarked(String type, UUID tenantId, UUID checkpointId, int partitions) {

    public static final String TYPE = "CheckpointMarked";

    public CheckpointMarked(UUID tenantId, UUID checkpointId, int partitions) {
        this(TYPE, tenantId, checkpointId, partitions);
    }

    /** Record key on the topic (the partition is chosen explicitly, the key only names the marker). */
    public String key() {
        return tenantId + "/checkpoint:" + checkpointId;
    }
}
