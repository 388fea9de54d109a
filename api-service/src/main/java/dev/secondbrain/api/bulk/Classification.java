package dev.secondbrain.api.bulk;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of classify: 1 to 1000 external ids and the category they get. */
record Classification(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Size(min = 1, max = 512) String> externalIds,
                      @NotBlank @Size(max = 200) String category) {
}
