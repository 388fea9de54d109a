package dev.secondbrain.local;

import dev.secondbrain.tools.mail.MailConnector;
import dev.secondbrain.tools.mail.MailMessage;
import dev.secondbrain.tools.mail.MailReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SpamAssassin public corpus through {@code mail-sync} into the whole local stack (intake, worker, store): every
 * message is stored or reported, and the two add up to the corpus's files. On demand, not in the build (surefire runs
 * {@code *Tests} only); fetch the corpus as the README says, then
 * {@code ./mvnw -pl local -am verify -Dtest=MailCorpusSyncMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmail.corpus=$PWD/corpus/package/data}.
 */
class MailCorpusSyncMeasurement {

    private static final String SOURCE = "spamassassin";

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // the stack's start plus 6,000 messages classified on 2 cores
    void everyMessageOfTheCorpusIsStoredOrReported() throws Exception {
        var corpus = Path.of(System.getProperty("mail.corpus", "corpus/package/data")).toAbsolutePath();
        assertThat(corpus).as("-Dmail.corpus=<the corpus's data folder>").isDirectory();
        int files = MailReader.files(corpus).size();
        long distinctIds = MailReader.read(corpus).stream().filter(m -> m instanceof MailMessage)
                .map(m -> ((MailMessage) m).externalId()).distinct().count();
        try (var pipeline = LocalPipeline.start(LocalOptions.throwaway())) {
            var demo = DemoTenant.ensure(pipeline);
            long started = System.nanoTime();
            var report = new MailConnector(pipeline.ingestUrl(), demo.apiKey(), SOURCE,
                    new PrintStream(new ByteArrayOutputStream())).push(corpus);
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            long stored = stored(pipeline, demo.apiKey());

            System.out.printf("corpus %s: %d files, %d sent, %d distinct external ids, %d stored, %d reported, "
                    + "sync %s %s, %d s from reading to the sync's outcome%n", corpus, files, report.sent(),
                    distinctIds, stored, report.unreadable().size(), report.syncId(), report.state(), seconds);
            report.unreadable().forEach(f -> System.out.println("  reported: " + f.where() + ": " + f.why()));

            assertThat(stored).as("one document per distinct Message-ID").isEqualTo(distinctIds);
            assertThat(report.sent() + report.unreadable().size()).as("sent + reported = files").isEqualTo(files);
            assertThat(stored + report.unreadable().size()).as("stored + reported = files").isEqualTo(files);
        }
    }

    private static long stored(LocalPipeline pipeline, String key) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + "/v1/stats"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body()).path("bySource").path(SOURCE).asLong();
    }
}
