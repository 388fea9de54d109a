package dev.secondbrain.api.bulk;

/**
 * Result of a restore: {@code matched} tombstones among the ids, {@code changed} those now live again,
 * {@code purged} those whose content was erased (an erasure, the retention, or a source delete): they cannot
 * be restored.
 */
record Restored(long matched, long changed, long purged) {
}
