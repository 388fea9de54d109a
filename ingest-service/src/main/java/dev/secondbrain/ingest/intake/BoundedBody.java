package dev.secondbrain.ingest.intake;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/** Reads a request body up to a limit: a declared or actual larger body stops reading at the limit. */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new BodyTooLarge(maxBytes);
        }
        var body = request.getInputStream().readNBytes((int) maxBytes + 1);
        if (body.length > maxBytes) {
            throw new BodyTooLarge(maxBytes);
        }
        return body;
    }
}
