package dev.secondbrain.tools.mail;

import org.apache.tika.Tika;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Attachments' text through Apache Tika (its text and PDF parsers are on the class path; other types yield no text
 * and are recorded as skipped). Attachments larger than {@link #MAX_ATTACHMENT_BYTES} are not parsed at all.
 * Thread-safe.
 */
final class Attachments {

    static final int MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024;

    /** What became of one attachment: its text (empty when skipped) and, when skipped, why. */
    record Extracted(String text, String skipped) {
    }

    private final Tika tika = new Tika();

    Extracted text(byte[] bytes, String mimeType, String filename, int maxChars) {
        if (bytes.length > MAX_ATTACHMENT_BYTES) {
            return new Extracted("", "larger than " + MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MiB");
        }
        if (maxChars <= 0) {
            return new Extracted("", "message text already at its limit");
        }
        var metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, mimeType);
        if (filename != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        }
        try {
            var text = tika.parseToString(new ByteArrayInputStream(bytes), metadata, maxChars).strip();
            return text.isEmpty() ? new Extracted("", "no text extracted from " + mimeType) : new Extracted(text, null);
        } catch (IOException | TikaException | RuntimeException e) {
            // a broken attachment must not cost the message: it is recorded, the message is kept
            return new Extracted("", "unreadable " + mimeType + ": " + e.getClass().getSimpleName());
        }
    }
}
