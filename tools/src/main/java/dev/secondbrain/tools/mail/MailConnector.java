package dev.secondbrain.tools.mail;

import dev.secondbrain.connector.Intake;
import dev.secondbrain.connector.Sync;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Syncs mail ({@link MailReader}: a maildir, a folder of .eml or raw messages, an mbox) to the intake for one tenant
 * as a full sync on the connector SDK, waiting for its outcome; each message is a {@link MailMessage#toDocument()}.
 * Messages gone from the source are deleted by the sync's sweep. When a message cannot be read it is reported (where
 * and why) and the sync is aborted instead of completed, as the folder connector does for an unreadable note: an
 * unreadable message has no trustworthy Message-ID, so the sweep could not be told to keep its document, and a sync
 * that missed it must not delete it. The messages read are still sent (aborting deletes nothing).
 * Usage: {@code tools mail-sync <intake-url> <api-key> <path> [source]}.
 */
public final class MailConnector {

    public static final String USAGE = "mail-sync <intake-url> <api-key> <path> [source]";

    /** What a run did: its sync, documents sent, the messages that could not be read, and the sync's outcome. */
    public record Report(String syncId, int sent, List<MailFailure> unreadable, String state) {
    }

    private final Intake intake;
    private final String source;
    private final PrintStream progress;

    public MailConnector(String intakeUrl, String apiKey, String source, PrintStream progress) {
        this.intake = Intake.connect(intakeUrl, apiKey);
        this.source = source;
        this.progress = progress;
    }

    /** The {@code mail-sync} command; returns the process's exit status (1 when a message was unreadable). */
    public static int run(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: " + USAGE);
            return 2;
        }
        var report = new MailConnector(args[0], args[1], args.length > 3 ? args[3] : "mail", System.err)
                .push(Path.of(args[2]));
        report.unreadable().forEach(f -> System.err.println("cannot read " + f.where() + ": " + f.why()));
        System.err.println("sync " + report.syncId() + ": " + report.sent() + " messages sent, "
                + report.unreadable().size() + " unreadable, " + report.state());
        return report.unreadable().isEmpty() ? 0 : 1;
    }

    public Report push(Path path) throws IOException {
        int files = MailReader.files(path).size();
        var mail = MailReader.read(path, done -> bar(done, files, "files read"));
        var messages = mail.stream().filter(m -> m instanceof MailMessage).map(m -> (MailMessage) m).toList();
        var unreadable = mail.stream().filter(m -> m instanceof MailFailure).map(m -> (MailFailure) m).toList();
        var sync = intake.openSync(source, "full", (long) messages.size());
        for (int i = 0; i < messages.size(); i++) {
            sync.send(messages.get(i).toDocument());
            bar(i + 1, messages.size(), "messages sent");
        }
        // a sync that missed a message must not delete it: abort instead of completing
        var outcome = unreadable.isEmpty() ? sync.complete() : abort(sync);
        return new Report(sync.id(), (int) sync.sent(), unreadable, outcome.state());
    }

    private static Sync.Outcome abort(Sync sync) {
        sync.flush();
        return sync.abort();
    }

    private void bar(int done, int total, String what) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        progress.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + what);
        if (done == total) {
            progress.println();
        }
    }
}
