package dev.secondbrain.api.webhooks;

import java.time.OffsetDateTime;

/** One attempt of a delivery: the receiver's status (null: no answer) and, for a failure, why. */
record Attempt(long attemptId, OffsetDateTime at, Integer status, String error) {
}
