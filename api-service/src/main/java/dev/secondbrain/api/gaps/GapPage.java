package dev.secondbrain.api.gaps;

import java.util.List;

record GapPage(List<Gap> items, String nextCursor) {
}
