package dev.secondbrain.api.bulk;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of confirm, delete, restore and purge: 1 to 1000 external ids; duplicates count once. */
record Ids(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Size(min = 1, max = 512) String> externalIds) {
}
