package dev.secondbrain.ingest.intake;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Byte-level checks of a body before it is parsed: UTF-8 only, no NUL byte. */
final class BodyText {

    private BodyText() {
    }

    static Optional<String> problem(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return Optional.of("body contains a NUL byte at byte offset " + i);
            }
        }
        int invalid = firstInvalidUtf8(body);
        return invalid < 0 ? Optional.empty()
                : Optional.of("body is not valid UTF-8 at byte offset " + invalid);
    }

    /** Offset of the first byte that is not valid UTF-8, or -1; decodes in slices, without copying the body. */
    private static int firstInvalidUtf8(byte[] body) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(body);
        var out = CharBuffer.allocate(8192);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                out.clear();
                result = decoder.flush(out);
                return result.isError() ? in.position() : -1;
            }
            out.clear();
        }
    }
}
