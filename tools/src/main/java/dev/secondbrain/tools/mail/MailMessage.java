package dev.secondbrain.tools.mail;

import dev.secondbrain.connector.Document;

import java.time.Instant;
import java.util.Map;

/**
 * A message as a document: {@code externalId} = the Message-ID without its angle brackets (a hash of the raw bytes
 * when missing or used by several messages of the source, see {@link MailReader}), {@code version} = the Date header
 * in epoch milliseconds (the file's modification time when absent or unparsable), {@code title} = the decoded
 * Subject, {@code author} = the decoded From, {@code text} = text/plain preferred, else the HTML as text, then the
 * attachments' text, cut to the intake's 1 MiB; {@code metadata} = to, cc, date, list-id and a MIME summary.
 */
public record MailMessage(String where, String externalId, long version, String title, String author, String text,
                          Map<String, Object> metadata) implements Mail {

    public static final String MIME_TYPE = "message/rfc822";

    public MailMessage {
        metadata = Map.copyOf(metadata);
    }

    MailMessage at(String newWhere) {
        return new MailMessage(newWhere, externalId, version, title, author, text, metadata);
    }

    MailMessage identified(String newExternalId) {
        return new MailMessage(where, newExternalId, version, title, author, text, metadata);
    }

    /** The upsert the connector sends for this message. */
    public Document toDocument() {
        var at = Instant.ofEpochMilli(version);
        return Document.upsert(externalId, version).title(title).author(author).content(text).mimeType(MIME_TYPE)
                .createdAt(at).updatedAt(at).metadata(metadata);
    }
}
