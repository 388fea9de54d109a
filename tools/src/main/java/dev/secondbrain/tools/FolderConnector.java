package dev.secondbrain.tools;

import dev.secondbrain.connector.Document;
import dev.secondbrain.connector.Intake;
import dev.secondbrain.connector.Sync;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Syncs a folder of text and markdown notes to the intake for one tenant, as a full sync (on the connector SDK, which
 * batches to the intake's limits and retries), waiting for its outcome: external id = the
 * path relative to the folder, version = the file's modification time (ms), title = the first heading.
 * Notes removed from the folder are deleted by the sync's sweep; when a file cannot be read the sync is
 * aborted instead, so nothing is deleted for a note that merely failed to load.
 * Usage: {@code tools folder-sync <intake-url> <api-key> <folder> [source]}.
 */
public final class FolderConnector {

    static final long MAX_CONTENT_BYTES = 1024 * 1024;

    /**
     * What a run did: its sync, documents sent, the files that could not be read (each with its reason), and the
     * sync's outcome ({@code completed}, {@code needs_confirmation}, {@code aborted}, ...).
     */
    public record Report(String syncId, int sent, List<String> unreadable, String state) {
    }

    private final Intake intake;
    private final String source;
    private final PrintStream progress;

    public FolderConnector(String intakeUrl, String apiKey, String source, PrintStream progress) {
        this.intake = Intake.connect(intakeUrl, apiKey);
        this.source = source;
        this.progress = progress;
    }

    static final String USAGE = "folder-sync <intake-url> <api-key> <folder> [source]";

    /** The {@code folder-sync} command; returns the process's exit status. */
    static int run(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: " + USAGE);
            return 2;
        }
        var report = new FolderConnector(args[0], args[1], args.length > 3 ? args[3] : "notes", System.err)
                .push(Path.of(args[2]));
        report.unreadable().forEach(System.err::println);
        return report.unreadable().isEmpty() ? 0 : 1;
    }

    public Report push(Path folder) throws IOException, InterruptedException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " is not a readable directory");
        }
        var files = notes(folder);
        var sync = intake.openSync(source, "full", (long) files.size());
        var unreadable = new ArrayList<String>();
        for (int i = 0; i < files.size(); i++) {
            try {
                sync.send(document(folder, files.get(i)));
            } catch (IOException e) {
                unreadable.add("cannot read " + folder.relativize(files.get(i)) + ": " + reason(e));
            }
            bar(i + 1, files.size());
        }
        // a sync that missed a note must not delete it: abort instead of completing
        var outcome = unreadable.isEmpty() ? sync.complete() : abort(sync);
        return new Report(sync.id(), (int) sync.sent(), unreadable, outcome.state());
    }

    private static Sync.Outcome abort(Sync sync) {
        sync.flush();
        return sync.abort();
    }

    private static List<Path> notes(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".txt"))
                    .sorted().toList();
        }
    }

    private Document document(Path folder, Path file) throws IOException {
        if (Files.size(file) > MAX_CONTENT_BYTES) {
            throw new IOException("larger than 1 MiB");
        }
        var content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
        var modified = Files.getLastModifiedTime(file).toInstant();
        return Document.upsert(folder.relativize(file).toString().replace('\\', '/'), modified.toEpochMilli())
                .title(title(file, content)).content(content)
                .mimeType(file.toString().endsWith(".md") ? "text/markdown" : "text/plain").updatedAt(modified);
    }

    private static String title(Path file, String content) {
        return content.lines().map(String::strip).filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "")).findFirst()
                .orElse(file.getFileName().toString().replaceFirst("\\.(md|txt)$", ""));
    }

    private static String reason(IOException e) {
        return e instanceof CharacterCodingException ? "not valid UTF-8 text" : e.getMessage();
    }

    private void bar(int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        progress.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " notes");
        if (done == total) {
            progress.println();
        }
    }
}
