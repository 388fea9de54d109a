package dev.secondbrain.api.bulk;

/** {@code matched}: live documents among the ids; {@code changed}: those this call actually modified. */
record BulkResult(long matched, long changed) {
}
