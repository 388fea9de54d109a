package dev.secondbrain.api.document;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;

@RestController
class DocumentController {

    private final Documents documents;

    DocumentController(Documents documents) {
        this.documents = documents;
    }

    @Operation(summary = "Live documents in external id order, one keyset page at a time; deleted=true: the trash",
            description = "Pass nextCursor back as cursor with the same filters for the next page; "
                    + "a cursor of other filters or another tenant is refused with 400. deleted=true lists the "
                    + "tenant's tombstones, each with its provenance (no other filter).")
    @GetMapping("/v1/documents")
    DocumentPage list(Tenant tenant,
                      @RequestParam(required = false) @Size(min = 1, max = 200) String source,
                      @RequestParam(required = false) @Size(min = 1, max = 200) String category,
                      @RequestParam(required = false) @Pattern(regexp = "classified|needs_review|confirmed") String status,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                      OffsetDateTime updatedAfter,
                      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                      @RequestParam(required = false) @Size(max = 8192) String cursor,
                      @RequestParam(defaultValue = "false") boolean deleted) {
        var filter = new DocumentFilter(source, category, status, updatedAfter);
        if (!deleted) {
            return documents.list(tenant, filter, limit, cursor);
        }
        if (!filter.equals(DocumentFilter.NONE)) {
            throw new TrashFiltered();
        }
        return documents.trash(tenant, limit, cursor);
    }

    @Operation(summary = "One document by its URL-encoded external id; 404 if missing, or deleted unless "
            + "includeDeleted=true, which returns a tombstone with its provenance under deletion")
    @GetMapping("/v1/documents/{externalId}")
    Document one(Tenant tenant, @PathVariable @Size(min = 1, max = 512) String externalId,
                 @RequestParam(defaultValue = "false") boolean includeDeleted) {
        return documents.one(tenant, externalId, includeDeleted);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> trashFiltered(TrashFiltered e) {
        return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "deleted=true lists the trash in key order; it takes no source, category, status or updatedAfter."));
    }

    /** The trash is one keyset list without filters. */
    static final class TrashFiltered extends RuntimeException {
        TrashFiltered() {
            super(null, null, false, false);
        }
    }
}
