package dev.secondbrain.api.webhooks;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code POST /v1/webhooks}: where to deliver and which events. */
record NewWebhook(
        @NotNull @Size(max = 2048) String url,
        @NotEmpty @Size(max = 5) List<@NotNull @Pattern(
                regexp = "document\\.changed|sync\\.completed|sync\\.needs_confirmation|sync\\.stalled|sync\\.failed")
                String> events) {
}
