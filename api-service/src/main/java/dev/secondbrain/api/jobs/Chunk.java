package dev.secondbrain.api.jobs;

/** One committed chunk: the job's state after it (null if the job was no longer unfinished) and its last key. */
record Chunk(String state, String lastKey, long deleted) {
}
