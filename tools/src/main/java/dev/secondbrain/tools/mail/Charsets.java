package dev.secondbrain.tools.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;

/**
 * Bytes of a body or header to text by the charset the message declares. ISO-8859-1 is read as Windows-1252 (its
 * superset in every printable position, as browsers and mail clients do, since mail labelled Latin-1 is usually
 * Windows-1252); undeclared or US-ASCII text with 8-bit bytes is read as UTF-8 when it is valid UTF-8, else as
 * Windows-1252; an unknown charset is read as Windows-1252. Each guess is added to {@code notes}: nothing is dropped.
 */
final class Charsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Charsets() {
    }

    static String decode(byte[] bytes, String declared, List<String> notes) {
        var name = declared == null ? "" : declared.strip().replace("\"", "").toLowerCase(java.util.Locale.ROOT);
        if (name.isEmpty() || name.equals("us-ascii") || name.equals("ascii")) {
            return undeclared(bytes, name.isEmpty() ? "no charset" : name, notes);
        }
        if (name.equals("iso-8859-1") || name.equals("latin1") || name.equals("iso8859-1")) {
            return new String(bytes, WINDOWS_1252);
        }
        var charset = lookup(name);
        if (charset == null) {
            notes.add("unknown charset " + declared.strip() + " read as windows-1252");
            return new String(bytes, WINDOWS_1252);
        }
        return new String(bytes, charset); // malformed bytes become U+FFFD
    }

    /** Header bytes (8-bit headers are common in spam): UTF-8 when valid, else Windows-1252. */
    static String header(byte[] bytes) {
        return strictUtf8(bytes) instanceof String text ? text : new String(bytes, WINDOWS_1252);
    }

    private static String undeclared(byte[] bytes, String label, List<String> notes) {
        if (ascii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        if (strictUtf8(bytes) instanceof String text) {
            notes.add(label + " but 8-bit text: read as utf-8");
            return text;
        }
        notes.add(label + " but 8-bit text: read as windows-1252");
        return new String(bytes, WINDOWS_1252);
    }

    private static Charset lookup(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
