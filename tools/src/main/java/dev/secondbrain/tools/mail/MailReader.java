package dev.secondbrain.tools.mail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads mail from a path: a maildir (the files in its {@code cur} and {@code new}, never {@code tmp}), a folder of
 * {@code .eml} files, a folder of single raw messages ({@code .txt}, as the SpamAssassin corpus has them), an mbox
 * ({@code .mbox}/{@code .mbx}, or any of those files when it starts with an mbox {@code From } line), or one such
 * file; folders are walked recursively, hidden files skipped. Every message found becomes a {@link MailMessage} or a
 * {@link MailFailure}, in file order, never neither.
 * <p>
 * External ids: the Message-ID; the SHA-256 of the raw bytes ({@code sha256:<hex>}) when it is missing; and when
 * several messages of the path share one Message-ID, each gets {@code <message-id>#<first 16 hex of its SHA-256>},
 * so that none overwrites another and the id does not depend on which file is read first (byte-identical copies
 * still share one id: they are one document).
 */
public final class MailReader {

    private final Rfc822 rfc822 = new Rfc822(new Attachments());

    private MailReader() {
    }

    public static List<Mail> read(Path path) throws IOException {
        return read(path, done -> { });
    }

    /** As {@link #read(Path)}, telling {@code filesRead} the count of files read so far after each file. */
    public static List<Mail> read(Path path, IntConsumer filesRead) throws IOException {
        var reader = new MailReader();
        var files = files(path);
        var parsed = new ArrayList<Object>();
        for (int i = 0; i < files.size(); i++) {
            reader.file(path, files.get(i), parsed);
            filesRead.accept(i + 1);
        }
        return identify(parsed);
    }

    /** The files under {@code path} that hold mail, sorted (just {@code path} when it is a file). */
    public static List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException(path + " is neither a readable file nor a directory");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(file -> mail(path, file)).sorted().toList();
        }
    }

    private static boolean mail(Path root, Path file) {
        var relative = root.relativize(file);
        for (var part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        var name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        var folder = file.getParent().getFileName() == null ? "" : file.getParent().getFileName().toString();
        boolean maildir = (folder.equals("cur") || folder.equals("new")) && relative.getNameCount() > 1;
        return maildir || name.endsWith(".eml") || name.endsWith(".txt") || name.endsWith(".mbox")
                || name.endsWith(".mbx");
    }

    private void file(Path root, Path file, List<Object> out) {
        var where = Files.isDirectory(root) ? root.relativize(file).toString().replace('\\', '/')
                : file.getFileName().toString();
        int before = out.size();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            var modified = Files.getLastModifiedTime(file).toInstant();
            in.mark(8);
            var head = in.readNBytes(5);
            in.reset();
            if (Mbox.starts(head) || where.endsWith(".mbox") || where.endsWith(".mbx")) {
                int[] n = {0};
                Mbox.split(in, raw -> out.add(message(where + "#" + ++n[0], raw, modified)));
                if (n[0] == 1) {
                    out.set(before, relocated(out.get(before), where));
                }
            } else {
                out.add(message(where, in.readAllBytes(), modified));
            }
        } catch (IOException e) {
            out.subList(before, out.size()).clear();
            out.add(new MailFailure(where, "cannot read the file: " + e.getMessage()));
        }
    }

    private Object message(String where, byte[] raw, Instant modified) {
        try {
            return rfc822.parse(where, raw, modified);
        } catch (Rfc822.Unreadable e) {
            return new MailFailure(where, e.getMessage());
        } catch (RuntimeException e) {
            // a parser bug on one message must not lose the others: it is reported like any unreadable message
            return new MailFailure(where, "unreadable: " + e);
        }
    }

    private static Object relocated(Object read, String where) {
        return switch (read) {
            case Rfc822.Parsed p -> new Rfc822.Parsed(p.message().at(where), p.messageId(), p.hash());
            case MailFailure f -> new MailFailure(where, f.why());
            default -> read;
        };
    }

    private static List<Mail> identify(List<Object> read) {
        Map<String, Long> uses = read.stream().filter(r -> r instanceof Rfc822.Parsed p && p.messageId() != null)
                .map(r -> ((Rfc822.Parsed) r).messageId()).collect(Collectors.groupingBy(Function.identity(),
                        Collectors.counting()));
        var mail = new ArrayList<Mail>(read.size());
        for (var r : read) {
            mail.add(switch (r) {
                case Rfc822.Parsed p when p.messageId() != null && uses.get(p.messageId()) > 1 ->
                        p.message().identified(p.messageId() + "#" + p.hash().substring(0, 16));
                case Rfc822.Parsed p -> p.message();
                case MailFailure f -> f;
                default -> throw new IllegalStateException("not a read message: " + r);
            });
        }
        return mail;
    }
}
