package dev.secondbrain.tools.mail;

import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.jsoup.Jsoup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of one message's MIME tree: in a multipart/alternative the text/plain part (the last, richest part when
 * the plain one is missing or blank), in any other multipart every part in order, a forwarded message/rfc822's body
 * included; HTML to text with jsoup; every other part is an attachment, its text through {@link Attachments} or
 * recorded as skipped. {@code notes} collects the charset guesses.
 */
final class BodyText {

    static final int MAX_LISTED_ATTACHMENTS = 20;

    final StringBuilder text = new StringBuilder();
    final List<String> notes = new ArrayList<>();
    final List<Map<String, Object>> attachments = new ArrayList<>();
    final Set<String> bodyTypes = new LinkedHashSet<>();
    int parts;
    private final Attachments extractor;
    private final int maxChars;

    private BodyText(Attachments extractor, int maxChars) {
        this.extractor = extractor;
        this.maxChars = maxChars;
    }

    static BodyText of(Message message, Attachments extractor, int maxChars) throws IOException {
        var body = new BodyText(extractor, maxChars);
        body.entity(message);
        return body;
    }

    private void entity(Entity entity) throws IOException {
        switch (entity.getBody()) {
            case Multipart multipart -> multipart(entity, multipart);
            case Message nested -> entity(nested);
            case SingleBody single -> leaf(entity, single);
            case null, default -> { }
        }
    }

    private void multipart(Entity entity, Multipart multipart) throws IOException {
        var children = multipart.getBodyParts();
        if (!entity.getMimeType().equalsIgnoreCase("multipart/alternative") || children.isEmpty()) {
            for (var child : children) {
                entity(child);
            }
            return;
        }
        int before = text.length();
        var plain = children.stream().filter(c -> c.getMimeType().equalsIgnoreCase("text/plain") && !attached(c))
                .findFirst();
        if (plain.isPresent()) {
            entity(plain.get());
        }
        if (text.substring(before).isBlank()) {
            text.setLength(before);
            entity(children.getLast());
        }
    }

    private void leaf(Entity entity, SingleBody body) throws IOException {
        parts++;
        var type = entity.getMimeType().toLowerCase(java.util.Locale.ROOT);
        if (type.equals("text/plain") && !attached(entity)) {
            append(Charsets.decode(body.getInputStream().readAllBytes(), charset(entity), notes), type);
        } else if (type.equals("text/html") && !attached(entity)) {
            append(html(Charsets.decode(body.getInputStream().readAllBytes(), charset(entity), notes)), type);
        } else {
            attachment(entity, body, type);
        }
    }

    private void attachment(Entity entity, SingleBody body, String type) throws IOException {
        var bytes = body.getInputStream().readAllBytes();
        var extracted = type.equals("text/html")
                ? new Attachments.Extracted(html(Charsets.decode(bytes, charset(entity), notes)), null)
                : extractor.text(bytes, type, entity.getFilename(), maxChars - text.length());
        if (!extracted.text().isBlank()) {
            text.append(text.isEmpty() ? "" : "\n\n").append(extracted.text());
        }
        if (attachments.size() < MAX_LISTED_ATTACHMENTS) {
            var summary = new LinkedHashMap<String, Object>();
            summary.put("type", type);
            summary.put("bytes", bytes.length);
            if (entity.getFilename() != null) {
                summary.put("name", Clean.line(entity.getFilename(), 200));
            }
            summary.put("text", extracted.skipped() == null ? "extracted" : "skipped: " + extracted.skipped());
            summary.values().removeIf(java.util.Objects::isNull);
            attachments.add(summary);
        }
    }

    private void append(String part, String type) {
        if (part.isBlank()) {
            return;
        }
        bodyTypes.add(type);
        text.append(text.isEmpty() ? "" : "\n\n").append(part.strip());
    }

    private static boolean attached(Entity entity) {
        return "attachment".equalsIgnoreCase(entity.getDispositionType());
    }

    private static String charset(Entity entity) {
        return entity.getHeader() != null && entity.getHeader().getField("Content-Type") instanceof ContentTypeField ct
                ? ct.getCharset() : null;
    }

    /** HTML to text: the body's text with a line break per block element (jsoup's own conversion). */
    static String html(String html) {
        var document = Jsoup.parse(html);
        document.outputSettings().prettyPrint(false);
        document.select("br, p, div, tr, li, h1, h2, h3, h4, h5, h6, blockquote").before("\\n");
        return document.body() == null ? "" : document.body().text().replace("\\n", "\n")
                .replaceAll("(?m)^[ \\t]+", "").replaceAll("\n{3,}", "\n\n");
    }
}
