package dev.secondbrain.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the quality bench working on a handful of synthetic messages (multipart, base64, quoted-printable,
 * ISO-8859-1, HTML only): through the local pipeline, confirmations, the reclassify job and both classifiers;
 * asserts the corpus's account adds up and that what was confirmed reached the held-out documents, never a speed.
 */
class QualityBenchSmokeIntegrationTests {

    private static final String[] HAM = {"meeting agenda for the project review", "minutes of the team meeting",
            "project roadmap and sprint planning", "agenda: quarterly review of the project"};
    private static final String[] SPAM = {"winner claim your casino prize now", "cheap pills and casino bonus",
            "you won the lottery prize, claim it", "casino jackpot bonus for every winner"};

    @Test
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES) // the local stack's start dominates
    void smokeRunScoresHeldOutMailAfterConfirmationsAndWritesTheTableAndTheCurve(@TempDir Path corpus,
                                                                                  @TempDir Path output) throws Exception {
        syntheticCorpus(corpus);

        var report = QualityBench.run(corpus, output, new int[] {2, 6}, 20);

        var read = report.read();
        var ingested = report.ingested();
        assertThat(read.messages()).isEqualTo(25);
        assertThat(read.unreadable()).hasSize(1);
        assertThat(read.mails().size() + read.unreadable().size() + read.duplicates().size()).isEqualTo(read.messages());
        assertThat(ingested.accepted() + ingested.rejected().size()).isEqualTo(read.mails().size());
        assertThat(ingested.stored() + ingested.missing().size()).isEqualTo(ingested.accepted());
        assertThat(ingested.missing()).isEmpty();
        var last = report.steps().getLast();
        assertThat(last.job().state()).isEqualTo("done");
        assertThat(last.job().done()).as("every document not confirmed was classified again").isPositive();
        assertThat(last.ours().accuracy()).as("what was confirmed reached the held-out documents").isEqualTo(1.0);
        assertThat(last.library().accuracy()).isBetween(0.0, 1.0);
        assertThat(output.resolve("quality.md")).content().contains("| 0 (keywords) |", "| 6 |", "## Coverage");
        assertThat(Files.readAllBytes(output.resolve("quality.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    /** 12 ham and 12 spam messages in folders {@code ham} and {@code spam}, and one file that is not mail. */
    static void syntheticCorpus(Path corpus) throws Exception {
        for (int i = 0; i < 12; i++) {
            write(corpus.resolve("ham"), i, HAM[i % HAM.length] + " number " + i, false);
            write(corpus.resolve("spam"), i, SPAM[i % SPAM.length] + " number " + i, true);
        }
        // not mail at all: reported by the reader, never dropped
        Files.write(corpus.resolve("ham").resolve("999.eml"), new byte[] {0, 1, 2, (byte) 0xff});
    }

    /** Alternates the encodings a mailbox holds: plain, base64, quoted-printable ISO-8859-1, HTML only, multipart. */
    private static void write(Path folder, int i, String text, boolean spam) throws Exception {
        Files.createDirectories(folder);
        var headers = "From: " + (spam ? "Deals <offers@promo.example>" : "Ana <ana@work.example>") + "\r\n"
                + "To: me@example.org\r\nSubject: " + text.substring(0, 20) + "\r\nMessage-ID: <" + i + (spam ? "s" : "h")
                + "@example>\r\nMIME-Version: 1.0\r\n";
        var message = switch (i % 4) {
            case 0 -> headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
            case 1 -> headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    + Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\r\n";
            case 2 -> headers + "Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: "
                    + "quoted-printable\r\n\r\n<html><body><p>" + text + " caf=E9</p></body></html>\r\n";
            default -> headers + "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\n"
                    + "Content-Type: text/plain; charset=windows-1252\r\n\r\n" + text + "\r\n--b\r\n"
                    + "Content-Type: text/html\r\n\r\n<b>" + text + "</b>\r\n--b--\r\n";
        };
        Files.write(folder.resolve("%03d.eml".formatted(i)), message.getBytes(StandardCharsets.ISO_8859_1));
    }
}
