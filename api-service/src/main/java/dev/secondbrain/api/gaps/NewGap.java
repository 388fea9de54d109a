package dev.secondbrain.api.gaps;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record NewGap(@NotBlank @Size(max = 4000) String question) {
}
