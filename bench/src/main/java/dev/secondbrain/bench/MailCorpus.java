package dev.secondbrain.bench;

import dev.secondbrain.tools.mail.MailFailure;
import dev.secondbrain.tools.mail.MailMessage;
import dev.secondbrain.tools.mail.MailReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A labelled mail corpus as the quality bench pushes it through the intake, read by the email connector's
 * {@link MailReader} (MIME, charsets, HTML as text, attachments): title = Subject, author = From, content = the
 * message's text, external id = the reader's (Message-ID, or a hash). The label is the first folder of the message's
 * path: {@code spam} for folders starting with {@code spam} (the SpamAssassin corpus's {@code spam-1}, {@code spam-2}),
 * {@code ham} otherwise. Every message found is read, reported as undecodable (with the reader's reason), or a
 * byte-identical copy of one read (the reader gives both one id: one document), so the three add up to the corpus.
 */
final class MailCorpus {

    record Mail(String externalId, String label, String title, String author, String content, long version) {
    }

    record Unreadable(String where, String reason) {
    }

    record Read(List<Mail> mails, List<Unreadable> unreadable, List<String> duplicates, int messages) {
    }

    private MailCorpus() {
    }

    static Read read(Path corpus) throws IOException {
        var found = MailReader.read(corpus);
        var mails = new ArrayList<Mail>();
        var unreadable = new ArrayList<Unreadable>();
        var duplicates = new ArrayList<String>();
        var ids = new HashSet<String>();
        for (var mail : found) {
            switch (mail) {
                case MailMessage m when !ids.add(m.externalId()) -> duplicates.add(m.where() + " = " + m.externalId());
                case MailMessage m -> mails.add(new Mail(m.externalId(), label(m.where()), m.title(), m.author(),
                        m.text(), Math.max(1, m.version())));
                case MailFailure f -> unreadable.add(new Unreadable(f.where(), f.why()));
            }
        }
        return new Read(mails, unreadable, duplicates, found.size());
    }

    private static String label(String where) {
        return where.startsWith("spam") ? "spam" : "ham";
    }
}
