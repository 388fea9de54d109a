package dev.secondbrain.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of deletion sequences. A step is an intention read against the state when it runs
 * ({@code COMPLETE} completes the open sync, if any; {@code REVERT_JOB} reverts one of the delete-all jobs so
 * far), so every subsequence of a sequence is a valid sequence too: that is what lets a failure shrink.
 *
 * @param keys    documents of the sequence ({@code k0..}); key i belongs to source {@code s(i % sources)}
 * @param sources 1 or 2
 */
record DeletionSteps(long seed, int keys, int sources, List<Step> steps) {

    enum Kind {
        /** the source edits the document (new version, new content; re-creates a removed one): a live event */
        EDIT,
        /** a new version with the same content */
        TOUCH,
        /** the source deletes the document: DocumentDeleted at a new version */
        REMOVE,
        /**
         * an event sent earlier for the key, sent again: the latest one when {@code flag} (a duplicate delivery),
         * else number {@code pick} (out of order when older)
         */
        REDELIVER,
        /** open a full sync of source {@code pick % sources} (none if one is open) */
        OPEN_SYNC,
        /**
         * the open sync lists the source's documents at their current version: all of them when {@code pick % 3 == 0},
         * else key i if bit i of {@code pick} is set (a partial listing); sent twice when {@code flag}
         */
        LIST,
        /** complete the open sync; if it is held for confirmation: confirm ({@code flag}) or abort */
        COMPLETE,
        /** abort the open sync */
        ABORT,
        /** user bulk delete, restore, purge of the keys in bitmask {@code pick} */
        USER_DELETE, RESTORE, PURGE,
        /** delete-all job, and the revert of delete-all job number {@code pick} */
        DELETE_ALL, REVERT_JOB,
        /** revert of the sync number {@code pick} (409 unless completed) */
        REVERT_SYNC
    }

    record Step(Kind kind, int key, int pick, boolean flag) {
        @Override
        public String toString() {
            return switch (kind) {
                case EDIT, TOUCH, REMOVE -> kind + "(k" + key + ")";
                case REDELIVER -> kind + "(k" + key + (flag ? ", latest)" : ", #" + pick + ")");
                case LIST, USER_DELETE, RESTORE, PURGE -> kind + "(" + Integer.toBinaryString(pick) + (flag ? ", twice" : "") + ")";
                case COMPLETE -> kind + (flag ? "(confirm if held)" : "(abort if held)");
                case OPEN_SYNC, REVERT_JOB, REVERT_SYNC -> kind + "(" + pick + ")";
                default -> kind.toString();
            };
        }
    }

    static DeletionSteps generate(long seed) {
        var random = new Random(seed);
        int keys = 5 + random.nextInt(4);
        int sources = 1 + random.nextInt(2);
        int length = 20 + random.nextInt(21);
        var steps = new ArrayList<Step>();
        // every document exists at the start, so the sweeps and user deletes have something to work on
        for (int k = 0; k < keys; k++) {
            steps.add(new Step(Kind.EDIT, k, 0, false));
        }
        for (int i = 0; i < length; i++) {
            steps.add(next(random, keys));
        }
        return new DeletionSteps(seed, keys, sources, List.copyOf(steps));
    }

    private static Step next(Random random, int keys) {
        int key = random.nextInt(keys);
        int pick = random.nextInt(1 << keys);
        boolean flag = random.nextInt(4) != 0;
        int roll = random.nextInt(100);
        Kind kind = roll < 15 ? Kind.EDIT
                : roll < 20 ? Kind.TOUCH
                : roll < 26 ? Kind.REMOVE
                : roll < 34 ? Kind.REDELIVER
                : roll < 45 ? Kind.OPEN_SYNC
                : roll < 60 ? Kind.LIST
                : roll < 71 ? Kind.COMPLETE
                : roll < 73 ? Kind.ABORT
                : roll < 79 ? Kind.USER_DELETE
                : roll < 85 ? Kind.RESTORE
                : roll < 89 ? Kind.PURGE
                : roll < 92 ? Kind.DELETE_ALL
                : roll < 96 ? Kind.REVERT_JOB
                : Kind.REVERT_SYNC;
        return new Step(kind, key, pick, flag);
    }

    DeletionSteps with(List<Step> fewer) {
        return new DeletionSteps(seed, keys, sources, List.copyOf(fewer));
    }

    @Override
    public String toString() {
        return "seed " + seed + " (" + keys + " keys, " + sources + " sources, " + steps.size() + " steps): " + steps;
    }
}
