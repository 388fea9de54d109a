package dev.secondbrain.api.gaps;

/** Knowledge gaps by status, and the answers given. */
record GapStats(long total, long open, long answered, long dismissed, long answers) {
}
