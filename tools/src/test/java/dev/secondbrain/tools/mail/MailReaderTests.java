package dev.secondbrain.tools.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MailReader} on hand-written messages (test resources {@code mail/}): MIME, charsets and mail layouts. */
class MailReaderTests {

    @TempDir
    Path dir;

    @Test
    void multipartAlternativePrefersQuotedPrintableLatin1PlainTextAndDecodesRfc2047Headers() throws Exception {
        var mail = only("alternative-latin1.eml");

        assertThat(mail.externalId()).isEqualTo("alt-1@example.org");
        assertThat(mail.version()).isEqualTo(Instant.parse("2002-09-03T08:15:00Z").toEpochMilli());
        assertThat(mail.title()).isEqualTo("Résumé du café");
        assertThat(mail.author()).isEqualTo("René Dupré <rene@example.org>");
        assertThat(mail.text()).isEqualTo("Le café est prêt à huit heures.\nÀ bientôt, René");
        assertThat(mail.text()).as("the HTML alternative is not added").doesNotContain("HTML VERSION");
        assertThat(mail.metadata()).containsEntry("to", "Ann <ann@example.com>, bob@example.com")
                .containsEntry("cc", "carol@example.net").containsEntry("listId", "Cafe Club <cafe.lists.example.org>")
                .containsEntry("date", "2002-09-03T08:15:00Z").containsEntry("mimeType", "multipart/alternative")
                .containsEntry("body", "text/plain");
    }

    @Test
    void multipartMixedDecodesBase64Utf8AndExtractsATextAttachmentWhileRecordingAnImageAsSkipped() throws Exception {
        var mail = only("mixed-base64.eml");

        assertThat(mail.title()).isEqualTo("Grüße – agenda");
        assertThat(mail.author()).isEqualTo("Jürgen <j@example.de>");
        assertThat(mail.text()).startsWith("Grüße aus Köln — the plan for Monday.")
                .contains("Agenda: budget review and the garden party.");
        assertThat(attachments(mail)).containsExactly(
                (Object) Map.of("type", "text/plain", "bytes", 44, "name", "agenda.txt", "text", "extracted"),
                (Object) Map.of("type", "image/png", "bytes", 70, "name", "dot.png",
                        "text", "skipped: no text extracted from image/png"));
    }

    @Test
    void windows1252BodyAndHeaderKeepTheirQuotesDashesAndEuroSign() throws Exception {
        var mail = only("windows-1252.eml");

        assertThat(mail.title()).isEqualTo("“Special” offer – only €20");
        assertThat(mail.text()).isEqualTo("“Don’t miss it” – pay only €20 today.");
        assertThat(mail.metadata()).doesNotContainKey("charsets");
    }

    @Test
    void htmlOnlyBodyBecomesTextWithoutScriptsOrStyles() throws Exception {
        var mail = only("html-only.eml");

        assertThat(mail.text()).contains("Big sale", "Fish & chips — half price.", "Unsubscribe\nhere")
                .doesNotContain("tracking", "color", "<p>");
        assertThat(mail.metadata()).containsEntry("body", "text/html");
    }

    @Test
    void anUnknownCharsetOrAn8BitHeaderIsReadAsWindows1252AndRecorded() throws Exception {
        var mail = only("unknown-charset.eml");

        assertThat(mail.text()).isEqualTo("Café olé");
        assertThat(mail.title()).isEqualTo("Odd charset from the café");
        assertThat(mail.metadata().get("charsets")).isEqualTo(List.of("unknown charset x-no-such-charset read as windows-1252"));
    }

    @Test
    void aMalformedMessageIsReadBestEffortWithAHashIdAndTheFileTimeAsVersion() throws Exception {
        var file = copy("malformed.eml", dir);
        var modified = Instant.parse("2020-01-02T03:04:05Z");
        Files.setLastModifiedTime(file, FileTime.from(modified));

        var read = single(MailReader.read(dir));
        assertThat(read).isInstanceOf(MailMessage.class);
        var mail = (MailMessage) read;

        assertThat(mail.externalId()).as("no Message-ID").isEqualTo("sha256:" + Rfc822.sha256(Files.readAllBytes(file)));
        assertThat(mail.version()).as("no Date").isEqualTo(modified.toEpochMilli());
        assertThat(mail.author()).isEqualTo("broken@example.com");
        assertThat(mail.title()).contains("unterminated");
        assertThat(mail.text()).contains("First part survives.");
    }

    @Test
    void whatIsNotMailIsReportedWithItsReasonNotDropped() throws Exception {
        copy("not-mail.txt", dir);
        copy("html-only.eml", dir);

        var read = MailReader.read(dir);

        assertThat(read).hasSize(2);
        assertThat(read).filteredOn(m -> m instanceof MailFailure)
                .containsExactly(new MailFailure("not-mail.txt", "empty"));
    }

    @Test
    void anMboxSplitsAtEnvelopesOnlyAndUnquotesFromLines() throws Exception {
        var read = MailReader.read(resource("three.mbox"));

        assertThat(read).extracting(Mail::where).containsExactly("three.mbox#1", "three.mbox#2", "three.mbox#3");
        var messages = read.stream().map(m -> (MailMessage) m).toList();
        assertThat(messages).extracting(MailMessage::externalId)
                .containsExactly("mbox-1@example.com", "mbox-2@example.com", "mbox-3@example.com");
        assertThat(messages.get(0).text()).isEqualTo("From the archive: quoted line.\n>From a deeper quote.");
        assertThat(messages.get(1).text()).isEqualTo("Body two.\n\nFrom here on nothing splits: this is body text.");
        assertThat(messages.get(2).text()).isEqualTo("Body three.");
    }

    @Test
    void aMaildirIsReadFromCurAndNewButNotTmp() throws Exception {
        copy("alternative-latin1.eml", Files.createDirectories(dir.resolve("inbox/cur")))
                .toFile().renameTo(dir.resolve("inbox/cur/1031.M1P1.host:2,S").toFile());
        copy("windows-1252.eml", Files.createDirectories(dir.resolve("inbox/new")))
                .toFile().renameTo(dir.resolve("inbox/new/1032.M2P2.host").toFile());
        copy("html-only.eml", Files.createDirectories(dir.resolve("inbox/tmp")))
                .toFile().renameTo(dir.resolve("inbox/tmp/1033.M3P3.host").toFile());

        var read = MailReader.read(dir);

        assertThat(read).extracting(Mail::where).containsExactly("inbox/cur/1031.M1P1.host:2,S", "inbox/new/1032.M2P2.host");
        assertThat(read).extracting(m -> ((MailMessage) m).externalId())
                .containsExactly("alt-1@example.org", "cp1252-3@example.com");
    }

    @Test
    void aFolderOfEmlAndSingleMessageMboxFilesGivesOneMessagePerFileNamedByItsPath() throws Exception {
        copy("mixed-base64.eml", Files.createDirectories(dir.resolve("a")));
        Files.writeString(dir.resolve("a/one.txt"), "From x@example.com  Sun Aug  5 09:51:15 2001\n"
                + "Message-ID: <one@example.com>\nSubject: one\n\nBody.\n");
        Files.writeString(dir.resolve("notes.md"), "# not mail\n");
        Files.writeString(dir.resolve("a/one.json"), "{}");

        var read = MailReader.read(dir);

        assertThat(read).extracting(Mail::where).containsExactly("a/mixed-base64.eml", "a/one.txt");
        assertThat(((MailMessage) read.get(1)).title()).isEqualTo("one");
    }

    @Test
    void messagesSharingAMessageIdGetDistinctStableIdsByTheirBytes() throws Exception {
        var first = "Message-ID: <same@example.com>\nSubject: a\n\nFirst.\n";
        var second = "Message-ID: <same@example.com>\nSubject: b\n\nSecond.\n";
        Files.writeString(dir.resolve("1.eml"), first);
        Files.writeString(dir.resolve("2.eml"), second);
        Files.writeString(dir.resolve("3.eml"), "Message-ID: <other@example.com>\nSubject: c\n\nThird.\n");

        var ids = MailReader.read(dir).stream().map(m -> ((MailMessage) m).externalId()).toList();

        assertThat(ids).containsExactly(
                "same@example.com#" + Rfc822.sha256(first.getBytes()).substring(0, 16),
                "same@example.com#" + Rfc822.sha256(second.getBytes()).substring(0, 16),
                "other@example.com");
    }

    @Test
    void aMessageBecomesAnUpsertWithItsFields() throws Exception {
        var mail = only("alternative-latin1.eml");

        var document = mail.toDocument();

        assertThat(document.externalId()).isEqualTo("alt-1@example.org");
    }

    private static List<Object> attachments(MailMessage mail) {
        return List.copyOf((List<?>) mail.metadata().get("attachments"));
    }

    private MailMessage only(String name) throws IOException {
        return (MailMessage) single(MailReader.read(resource(name)));
    }

    private static Mail single(List<Mail> read) {
        assertThat(read).hasSize(1);
        return read.getFirst();
    }

    private static Path resource(String name) {
        try {
            return Path.of(MailReaderTests.class.getResource("/mail/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copy(String name, Path folder) throws IOException {
        return Files.copy(resource(name), folder.resolve(name));
    }
}
