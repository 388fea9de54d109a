package dev.secondbrain.tools.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Text made acceptable to the intake: no NUL or other control characters where one line is meant, within limits. */
final class Clean {

    private Clean() {
    }

    /** One line (a subject, an address): controls and line breaks become spaces, runs of spaces one, at most max chars. */
    static String line(String value, int maxChars) {
        if (value == null) {
            return null;
        }
        var line = value.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.isEmpty() ? null : chars(line, maxChars);
    }

    /** Body text: NUL and other controls but tab and line breaks removed, CR LF as LF. */
    static String body(String value) {
        return value.replace("\r\n", "\n").replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]", "");
    }

    /** At most {@code max} chars, never splitting a surrogate pair. */
    static String chars(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /** At most {@code maxBytes} bytes of UTF-8, cut before a character, never inside one. */
    static String utf8(String value, int maxBytes) {
        var bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return value;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // bytes[end] continues a character: cut before that character starts
        }
        return new String(Arrays.copyOf(bytes, end), StandardCharsets.UTF_8);
    }

    static boolean fitsUtf8(String value, int maxBytes) {
        return value.length() <= maxBytes / 3 || value.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }
}
