package dev.secondbrain.api.gaps;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
class GapController {

    private final Gaps gaps;

    GapController(Gaps gaps) {
        this.gaps = gaps;
    }

    @Operation(summary = "Record a question the knowledge base could not answer")
    @PostMapping("/v1/knowledge-gaps")
    ResponseEntity<Gap> create(Tenant tenant, @Valid @RequestBody NewGap body) {
        var gap = gaps.create(tenant, body.question());
        return ResponseEntity.created(URI.create("/v1/knowledge-gaps/" + gap.gapId())).body(gap);
    }

    @Operation(summary = "Knowledge gaps, optionally by status, oldest first, one keyset page at a time")
    @GetMapping("/v1/knowledge-gaps")
    GapPage list(Tenant tenant,
                 @RequestParam(required = false) @Pattern(regexp = "open|answered|dismissed") String status,
                 @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                 @RequestParam(required = false) @Size(max = 8192) String cursor) {
        return gaps.list(tenant, status, limit, cursor);
    }

    @Operation(summary = "Answer a knowledge gap; the gap becomes answered")
    @PostMapping("/v1/knowledge-gaps/{gapId}/answers")
    ResponseEntity<Answer> answer(Tenant tenant, @PathVariable long gapId, @Valid @RequestBody NewAnswer body) {
        var answer = gaps.answer(tenant, gapId, body.answer());
        return ResponseEntity.status(201).body(answer);
    }

    @Operation(summary = "Knowledge gaps by status and the number of answers, in one statement")
    @GetMapping("/v1/knowledge-gaps/stats")
    GapStats stats(Tenant tenant) {
        return gaps.stats(tenant);
    }
}
