package dev.secondbrain.api.stats;

import java.util.Map;

/**
 * Live documents of a tenant: in total, by classification status, by category and by source.
 * {@code uncategorized} counts live documents without a category (not a key of {@code byCategory}).
 */
record Stats(long total, Map<String, Long> byStatus, Map<String, Long> byCategory, long uncategorized,
             Map<String, Long> bySource) {
}
