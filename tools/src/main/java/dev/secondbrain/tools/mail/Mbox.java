package dev.secondbrain.tools.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Splits an mbox into raw messages, streaming. A message starts at the {@code From } line that starts the file and at
 * each {@code From } line after an empty line that looks like an envelope ({@code From sender Mon Jul 22 19:40:27 2002}), so a body line that
 * merely starts with "From " (unquoted, as mboxo writers leave it) does not split a message. Quoted lines
 * ({@code >From }, {@code >>From } ...) lose one {@code >} (mboxrd). The envelope line itself is not part of the
 * message; the empty line before the next envelope is dropped.
 */
final class Mbox {

    private static final Pattern ENVELOPE = Pattern.compile(
            "From .+? +(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2} "
                    + "+\\d{1,2}:\\d{2}(:\\d{2})?.*", Pattern.DOTALL);
    private static final Pattern QUOTED_FROM = Pattern.compile(">+From .*", Pattern.DOTALL);

    private Mbox() {
    }

    /** True when the bytes start as an mbox does. */
    static boolean starts(byte[] head) {
        return head.length >= 5 && new String(head, 0, 5, Charsets.WINDOWS_1252).equals("From ");
    }

    /** Each message's raw bytes, in order. */
    static void split(InputStream in, Consumer<byte[]> message) throws IOException {
        var current = new ByteArrayOutputStream();
        boolean started = false;
        boolean previousEmpty = true;
        byte[] pendingEmpty = null;
        for (byte[] line = line(in); line != null; line = line(in)) {
            var text = new String(line, 0, Math.min(line.length, 200), Charsets.WINDOWS_1252);
            boolean first = !started && current.size() == 0 && pendingEmpty == null;
            if (first && text.startsWith("From ") || previousEmpty && ENVELOPE.matcher(text).matches()) {
                if (started) {
                    message.accept(current.toByteArray());
                }
                current.reset();
                started = true;
                pendingEmpty = null;
                previousEmpty = false;
                continue;
            }
            if (pendingEmpty != null) {
                current.write(pendingEmpty);
                pendingEmpty = null;
            }
            boolean empty = text.equals("\n") || text.equals("\r\n");
            if (empty) {
                pendingEmpty = line; // kept unless an envelope follows
            } else {
                int quote = QUOTED_FROM.matcher(text).matches() ? 1 : 0;
                current.write(line, quote, line.length - quote);
            }
            previousEmpty = empty;
        }
        if (pendingEmpty != null) {
            current.write(pendingEmpty);
        }
        if (started || current.size() > 0) {
            message.accept(current.toByteArray());
        }
    }

    /** The next line with its line break, or null at the end. */
    private static byte[] line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
