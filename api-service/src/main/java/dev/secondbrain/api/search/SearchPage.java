package dev.secondbrain.api.search;

import java.util.List;

/** Hits by descending rank; {@code nextCursor} is null on the last page. */
record SearchPage(List<SearchHit> items, String nextCursor) {
}
