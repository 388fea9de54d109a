package dev.secondbrain.api.gaps;

import java.time.OffsetDateTime;

record Answer(long answerId, long gapId, OffsetDateTime createdAt) {
}
