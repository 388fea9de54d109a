package dev.secondbrain.api.webhooks;

import java.time.OffsetDateTime;

/** One event for one endpoint, with its last attempt: the delivery log. */
record Delivery(long deliveryId, String eventId, String eventType, int attempts, Integer lastStatus, String lastError,
                OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt, OffsetDateTime createdAt,
                OffsetDateTime deliveredAt) {
}
