package dev.secondbrain.api.document;

import java.util.List;

/** One page of a list; {@code nextCursor} is null on the last page. */
record DocumentPage(List<DocumentSummary> items, String nextCursor) {
}
