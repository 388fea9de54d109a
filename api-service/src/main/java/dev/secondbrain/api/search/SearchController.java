package dev.secondbrain.api.search;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SearchController {

    private final Search search;

    SearchController(Search search) {
        this.search = search;
    }

    @Operation(summary = "Full-text search (web search syntax: words, \"phrases\", or, -exclusion), ranked",
            description = "q is at most 1000 characters. The snippet marks matches with <b></b> around raw "
                    + "document text: escape it before rendering as HTML.")
    @GetMapping("/v1/search")
    SearchPage search(Tenant tenant,
                      @RequestParam @NotBlank @Size(max = 1000) String q,
                      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
                      @RequestParam(required = false) @Size(max = 8192) String cursor) {
        return search.search(tenant, q, limit, cursor);
    }
}
