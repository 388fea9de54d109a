package dev.secondbrain.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Syncs a folder of text and markdown notes to the intake for one tenant, as a full sync: external id = the
 * path relative to the folder, version = the file's modification time (ms), title = the first heading.
 * Notes removed from the folder are deleted by the sync's sweep; when a file cannot be read the sync is
 * aborted instead, so nothing is deleted for a note that merely failed to load.
 * Usage: {@code tools folder-sync <intake-url> <api-key> <folder> [source]}.
 */
public final class FolderConnector {

    static final int EVENTS_PER_REQUEST = 100;
    static final long MAX_CONTENT_BYTES = 1024 * 1024;

    /** What a run did: its sync, documents sent, and the files that could not be read, each with its reason. */
    public record Report(String syncId, int sent, List<String> unreadable) {
    }

    private final ConnectorClient client;
    private final String source;
    private final PrintStream progress;

    public FolderConnector(String intakeUrl, String apiKey, String source, PrintStream progress) {
        this.client = new ConnectorClient(intakeUrl, apiKey);
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
        var syncId = client.post("/v1/syncs", Map.of("source", source, "mode", "full")).get("syncId").asString();
        var unreadable = new ArrayList<String>();
        var batch = new ArrayList<Map<String, Object>>();
        int sent = 0;
        for (int i = 0; i < files.size(); i++) {
            try {
                var event = event(folder, files.get(i));
                event.put("syncId", syncId);
                batch.add(event);
            } catch (IOException e) {
                unreadable.add("cannot read " + folder.relativize(files.get(i)) + ": " + reason(e));
            }
            if (batch.size() == EVENTS_PER_REQUEST || i == files.size() - 1) {
                sent += send(batch);
            }
            bar(i + 1, files.size());
        }
        client.post("/v1/syncs/" + syncId + (unreadable.isEmpty() ? "/complete" : "/abort"), Map.of());
        return new Report(syncId, sent, unreadable);
    }

    private int send(List<Map<String, Object>> batch) throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        client.post("/v1/events", Map.of("events", batch));
        int n = batch.size();
        batch.clear();
        return n;
    }

    private static List<Path> notes(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".txt"))
                    .sorted().toList();
        }
    }

    private LinkedHashMap<String, Object> event(Path folder, Path file) throws IOException {
        if (Files.size(file) > MAX_CONTENT_BYTES) {
            throw new IOException("larger than 1 MiB");
        }
        var content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
        var modified = Files.getLastModifiedTime(file).toInstant();
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentUpserted");
        event.put("externalId", folder.relativize(file).toString().replace('\\', '/'));
        event.put("source", source);
        event.put("version", modified.toEpochMilli());
        event.put("title", title(file, content));
        event.put("content", content);
        event.put("mimeType", file.toString().endsWith(".md") ? "text/markdown" : "text/plain");
        event.put("sourceUpdatedAt", modified.toString());
        return event;
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
