package dev.secondbrain.tools.mail;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SpamAssassin public corpus through {@link MailReader}: every raw message is read or reported, and the two add
 * up to the number of files (each {@code .txt} holds one message). On demand, not in the build (surefire runs
 * {@code *Tests} only); fetch the corpus as the README says, then
 * {@code ./mvnw -pl tools -am verify -Dtest=MailCorpusMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmail.corpus=$PWD/corpus/package/data}.
 */
class MailCorpusMeasurement {

    @Test
    void everyMessageOfTheCorpusIsReadOrReported() throws Exception {
        var corpus = Path.of(System.getProperty("mail.corpus", "corpus/package/data")).toAbsolutePath();
        assertThat(corpus).as("-Dmail.corpus=<the corpus's data folder>").isDirectory();
        var files = MailReader.files(corpus);
        long started = System.nanoTime();
        var mail = MailReader.read(corpus);
        long millis = (System.nanoTime() - started) / 1_000_000;

        var messages = mail.stream().filter(m -> m instanceof MailMessage).map(m -> (MailMessage) m).toList();
        var failures = mail.stream().filter(m -> m instanceof MailFailure).map(m -> (MailFailure) m).toList();
        System.out.printf("corpus %s: %d files, %d messages read, %d reported, %d distinct external ids, %d ms%n",
                corpus, files.size(), messages.size(), failures.size(),
                messages.stream().map(MailMessage::externalId).distinct().count(), millis);
        print("read per folder", messages.stream().collect(Collectors.groupingBy(m -> folder(m.where()), TreeMap::new,
                Collectors.counting())));
        print("reported per folder", failures.stream().collect(Collectors.groupingBy(f -> folder(f.where()),
                TreeMap::new, Collectors.counting())));
        print("reported per reason", failures.stream().collect(Collectors.groupingBy(MailFailure::why, TreeMap::new,
                Collectors.counting())));
        failures.stream().limit(50).forEach(f -> System.out.println("  reported: " + f.where() + ": " + f.why()));
        print("external id kind", messages.stream().collect(Collectors.groupingBy(MailCorpusMeasurement::idKind,
                TreeMap::new, Collectors.counting())));
        print("body used", messages.stream().collect(Collectors.groupingBy(
                m -> String.valueOf(m.metadata().getOrDefault("body", "none")), TreeMap::new, Collectors.counting())));
        print("charset guesses", messages.stream().filter(m -> m.metadata().containsKey("charsets"))
                .flatMap(m -> ((java.util.List<?>) m.metadata().get("charsets")).stream())
                .map(n -> String.valueOf(n).replaceAll("^unknown charset .*", "unknown charset"))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting())));
        print("with attachments", Map.of("messages", messages.stream()
                .filter(m -> m.metadata().containsKey("attachments")).count()));
        print("empty text", Map.of("messages", messages.stream().filter(m -> m.text().isBlank()).count()));

        assertThat(messages.size() + failures.size()).as("read + reported = files").isEqualTo(files.size());
        assertThat(files).allSatisfy(f -> assertThat(Files.size(f)).isPositive());
    }

    private static String idKind(MailMessage m) {
        return m.externalId().startsWith("sha256:") ? "hash (no Message-ID)"
                : m.externalId().matches(".*#[0-9a-f]{16}") ? "Message-ID#hash (duplicated)" : "Message-ID";
    }

    private static String folder(String where) {
        int slash = where.indexOf('/');
        return slash < 0 ? "." : where.substring(0, slash);
    }

    private static void print(String title, Map<String, Long> counts) {
        System.out.println(title + ":");
        counts.forEach((key, count) -> System.out.printf("  %-60s %6d%n", key, count));
    }
}
