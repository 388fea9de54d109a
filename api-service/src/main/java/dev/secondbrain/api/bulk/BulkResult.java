package dev.secondbrain.api.bulk;

/** {@code matched}: documents among the ids the operation applies to (live ones; for purge, any); {@code changed}: those this call actually modified. */
record BulkResult(long matched, long changed) {
}
