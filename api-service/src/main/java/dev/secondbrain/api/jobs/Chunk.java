package dev.secondbrain.api.jobs;

/** One committed chunk: the job's state after it (null if the job was no longer unfinished), its last key, and the rows it deleted (or restored). */
record Chunk(String state, String lastKey, long deleted) {
}
