package dev.secondbrain.api.gaps;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record NewAnswer(@NotBlank @Size(max = 100_000) String answer) {
}
