package dev.secondbrain.tools.mail;

import dev.secondbrain.schemas.EventLimits;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One raw RFC 822 message to a {@link MailMessage}, with Apache James mime4j, permissively: a malformed header line is
 * skipped, no line or header limits, transfer encodings decoded. Header values are
 * read from their raw bytes (UTF-8 when valid, else Windows-1252, since 8-bit headers are common) and then RFC 2047
 * decoded. A message fails only when it is empty or has no header field at all (not mail).
 */
final class Rfc822 {

    static final int MAX_ADDRESS_CHARS = 2000;

    /** A message read, before the source decides its external id: the normalised Message-ID (or null) and a hash. */
    record Parsed(MailMessage message, String messageId, String hash) {
    }

    /** Thrown for a message that cannot be read at all; the reason is for people. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Attachments attachments;

    Rfc822(Attachments attachments) {
        this.attachments = attachments;
    }

    Parsed parse(String where, byte[] raw, Instant fileTime) throws Unreadable {
        if (raw.length == 0 || new String(raw, 0, Math.min(raw.length, 4096), Charsets.WINDOWS_1252).isBlank()) {
            throw new Unreadable("empty");
        }
        Message message = build(raw);
        if (message.getHeader() == null || message.getHeader().getFields().isEmpty()) {
            throw new Unreadable("no header fields: not a mail message");
        }
        BodyText body;
        try {
            body = BodyText.of(message, attachments, EventLimits.MAX_CONTENT_BYTES);
        } catch (IOException e) {
            throw new Unreadable("body unreadable: " + e.getMessage());
        }
        var metadata = metadata(message, body);
        var text = Clean.body(body.text.toString());
        if (!Clean.fitsUtf8(text, EventLimits.MAX_CONTENT_BYTES)) {
            text = Clean.utf8(text, EventLimits.MAX_CONTENT_BYTES);
            metadata.put("truncated", true);
        }
        var date = message.getDate();
        long version = date != null && date.getTime() >= 0 ? date.getTime() : fileTime.toEpochMilli();
        var hash = sha256(raw);
        var messageId = messageId(header(message, "Message-ID"));
        var mail = new MailMessage(where, messageId == null ? "sha256:" + hash : messageId, version,
                Clean.line(header(message, "Subject"), EventLimits.MAX_TITLE_CHARS),
                Clean.line(header(message, "From"), EventLimits.MAX_AUTHOR_CHARS), text, metadata);
        return new Parsed(mail, messageId, hash);
    }

    private static Message build(byte[] raw) throws Unreadable {
        var builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderCount(-1).setMaxHeaderLen(-1)
                .setMaxContentLen(-1).build()); // a malformed header line is skipped, the header goes on
        builder.setFieldParser(LenientFieldParser.getParser()); // dates like "Mon, 2 Sep 02 10:00 EST" still parse
        builder.setBodyFactory(new BasicBodyFactory(true)); // an unknown charset must not fail the message
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        try {
            return builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("MIME structure unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> metadata(Message message, BodyText body) {
        var metadata = new LinkedHashMap<String, Object>();
        put(metadata, "to", Clean.line(header(message, "To"), MAX_ADDRESS_CHARS));
        put(metadata, "cc", Clean.line(header(message, "Cc"), MAX_ADDRESS_CHARS));
        put(metadata, "date", message.getDate() == null ? Clean.line(header(message, "Date"), 200)
                : message.getDate().toInstant().toString());
        put(metadata, "listId", Clean.line(header(message, "List-Id"), 500));
        metadata.put("mimeType", message.getMimeType());
        metadata.put("parts", body.parts);
        put(metadata, "body", body.bodyTypes.isEmpty() ? null : String.join(",", body.bodyTypes));
        if (!body.attachments.isEmpty()) {
            metadata.put("attachments", body.attachments);
        }
        if (!body.notes.isEmpty()) {
            metadata.put("charsets", body.notes.stream().distinct().limit(10).toList());
        }
        return metadata;
    }

    private static void put(Map<String, Object> metadata, String key, Object value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    /** A header's value from its raw bytes, unfolded and RFC 2047 decoded; null when absent. */
    static String header(Message message, String name) {
        Field field = message.getHeader().getField(name);
        if (field == null) {
            return null;
        }
        var raw = field.getRaw();
        var value = raw == null ? field.getBody() : Charsets.header(raw.toByteArray());
        int colon = raw == null ? -1 : value.indexOf(':');
        var unfolded = MimeUtil.unfold(colon < 0 ? value : value.substring(colon + 1)).strip();
        return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
    }

    /** The Message-ID without angle brackets or white space; null when missing or unusable as an external id. */
    static String messageId(String value) {
        if (value == null) {
            return null;
        }
        int open = value.indexOf('<');
        int close = value.indexOf('>', open + 1);
        var id = (open >= 0 && close > open ? value.substring(open + 1, close) : value).replaceAll("\\s+", "");
        boolean usable = !id.isEmpty() && id.length() <= EventLimits.MAX_EXTERNAL_ID_CHARS - 20
                && id.chars().noneMatch(Character::isISOControl);
        return usable ? id : null;
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
