package dev.secondbrain.api.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint of the tenant. {@code secret} is present only in the answer that created it or rotated it (shown once);
 * {@code previousSecretValidUntil}: the end of a rotation's grace period, while both secrets sign.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Webhook(UUID id, String url, List<String> events, OffsetDateTime createdAt, OffsetDateTime previousSecretValidUntil,
               String secret) {
}
