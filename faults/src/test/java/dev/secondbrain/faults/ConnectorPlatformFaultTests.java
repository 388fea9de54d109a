package dev.secondbrain.faults;

import dev.secondbrain.connector.Document;
import dev.secondbrain.connector.Intake;
import dev.secondbrain.connector.IntakeUnavailable;
import dev.secondbrain.connector.Retries;
import dev.secondbrain.tools.ConnectorClient;
import dev.secondbrain.connector.SourcePaused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The connector platform end to end, the intake and a worker in this JVM and connectors on the SDK: a connector killed
 * with {@code kill -9} mid-sync and a new one that resumes from the stored checkpoint (no document lost, none at a
 * wrong version); a checkpoint never visible before its documents are applied; a silent sync detected as stalled; a
 * paused source refused and then accepted, the pause surviving an intake restart; the SDK README's example compiled
 * and run.
 */
class ConnectorPlatformFaultTests {

    private static final String[] WORKER = {"pipeline.sync.sweep-interval=200ms"};

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES) // two connector runs of 2,000 documents with 80 checkpoints each
    void aConnectorKilledMidSyncResumesFromTheStoredCheckpointAndLosesNothing() throws Exception {
        int total = 2000;
        try (var stack = Stack.start()) {
            stack.worker(WORKER);
            var tenant = stack.tenants(1).getFirst();

            var child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                    ResumingConnector.class.getName(), stack.ingestUrl(), tenant.key(), "resumable",
                    String.valueOf(total)).redirectErrorStream(true).start();
            int lastPrinted = killAfterCheckpoint(child, 500);
            assertThat(child.exitValue()).as("killed, not finished").isNotZero();

            stack.awaitDrained(Duration.ofMinutes(2));
            var intake = Intake.connect(stack.ingestUrl(), tenant.key());
            int stored = intake.checkpoint("resumable").orElseThrow().get("next").asInt();
            assertThat(stored).as("mid-sync").isBetween(500, total - 1);
            assertThat(stored).as("every checkpoint it was told was accepted is applied").isGreaterThanOrEqualTo(lastPrinted);
            assertThat(presentAtVersion(stack, tenant.id(), 0, stored)).as("the checkpoint's documents are applied")
                    .isEqualTo(stored);
            // control: the oracle can fail: before the resume the source's documents are not all there
            assertThat(presentAtVersion(stack, tenant.id(), 0, total)).isLessThan(total);

            var outcome = ResumingConnector.run(intake, "resumable", total);

            assertThat(outcome.completed()).isTrue();
            assertThat(outcome.received()).as("resumed from the stored checkpoint, not from the start")
                    .isEqualTo(total - stored);
            assertThat(outcome.applied() + outcome.unchanged()).isEqualTo(total - stored);
            assertThat(presentAtVersion(stack, tenant.id(), 0, total)).as("no document lost").isEqualTo(total);
            assertThat(stack.jdbc().queryForObject("select count(*) from documents where tenant_id = ?", Long.class,
                    tenant.id())).as("nothing else").isEqualTo(total);
            // each document written once over both runs: what the new connector sent again was an unchanged repeat
            var written = stack.jdbc().queryForList(
                    "select applied, unchanged from sync_runs where tenant_id = ? order by created_at", tenant.id());
            assertThat(written).hasSize(2);
            assertThat(written.stream().mapToLong(run -> ((Number) run.get("applied")).longValue()).sum())
                    .as("documents written").isEqualTo(total);
            assertThat(((Number) written.getFirst().get("unchanged")).longValue()).as("nothing repeated in the first run")
                    .isZero();
            assertThat(stack.regressions()).as("no version went back, every offset stored").isEmpty();
        }
    }

    @Test
    void aCheckpointIsNeverVisibleBeforeTheDocumentsSentBeforeItAreApplied() throws Exception {
        try (var stack = Stack.start()) {
            var tenant = stack.tenants(1).getFirst();
            var intake = Intake.connect(stack.ingestUrl(), tenant.key());
            var sync = intake.incrementalSync("ordered");
            for (int i = 0; i < 600; i++) {
                sync.send(Document.upsert("doc-" + i, ResumingConnector.version(i)).content(ResumingConnector.content(i)));
            }
            sync.checkpoint(java.util.Map.of("next", 600));

            assertThat(intake.checkpoint("ordered")).as("no worker: nothing applied, nothing visible").isEmpty();
            // control: the state is in the store already; only the passes of its markers are missing
            assertThat(stack.jdbc().queryForObject("select count(*) from checkpoints where tenant_id = ?", Long.class,
                    tenant.id())).isEqualTo(1);

            // a poller from before the workers start until the checkpoint shows: each answer, then the applied count
            // read after it (documents only grow, so fewer than 600 after a visible answer is a checkpoint ahead)
            var samples = new java.util.concurrent.CopyOnWriteArrayList<long[]>();
            var poller = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    boolean visible = intake.checkpoint("ordered").isPresent();
                    samples.add(new long[] {visible ? 1 : 0, presentAtVersion(stack, tenant.id(), 0, 600)});
                    if (visible) {
                        return;
                    }
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> samples.size() >= 3);
            stack.worker(WORKER);
            stack.worker(WORKER);
            poller.join(Duration.ofMinutes(2));
            poller.interrupt();

            assertThat(samples.getLast()[0]).as("it became visible").isEqualTo(1);
            assertThat(samples.stream().filter(sample -> sample[0] == 1 && sample[1] < 600).toList())
                    .as("visible while documents before it were missing").isEmpty();
            assertThat(samples.getFirst()[1]).as("control: polled while documents were missing").isLessThan(600);
        }
    }

    @Test
    void aSyncWithoutEventsOrHeartbeatsBecomesStalledAndComesBackWithItsNextEvent() {
        try (var stack = Stack.start()) {
            stack.worker("pipeline.sync.stall-after=3s", "pipeline.sync.sweep-interval=200ms");
            var tenant = stack.tenants(1).getFirst();
            var intake = Intake.connect(stack.ingestUrl(), tenant.key());
            var silent = intake.openSync("quiet", "incremental", 10L);

            await().atMost(Duration.ofSeconds(60)).until(() -> silent.progress().get("state").asString().equals("stalled"));

            silent.heartbeat();
            assertThat(silent.progress().get("state").asString()).as("a heartbeat revives it").isEqualTo("open");
            await().atMost(Duration.ofSeconds(60)).until(() -> silent.progress().get("state").asString().equals("stalled"));
            silent.send(Document.upsert("late", 1).content("late but here"));
            silent.flush();
            assertThat(silent.progress().get("state").asString()).as("so does an event").isEqualTo("open");
            var outcome = silent.complete(Duration.ofMinutes(1));
            assertThat(outcome.state()).isEqualTo("completed");
            assertThat(outcome.deleted()).as("incremental: no sweep").isZero();
        }
    }

    @Test
    void aPausedSourceRefusesUntilResumedAndThePauseSurvivesAnIntakeRestart() {
        try (var stack = Stack.start()) {
            stack.worker(WORKER);
            var tenant = stack.tenants(1).getFirst();
            var intake = Intake.connect(stack.ingestUrl(), tenant.key());
            intake.send("drive", List.of(Document.upsert("before", 1).content("before the pause")));

            intake.pause("drive");
            assertThatThrownBy(() -> intake.send("drive", List.of(Document.upsert("during", 1).content("x"))))
                    .isInstanceOf(SourcePaused.class);
            assertThatThrownBy(() -> intake.incrementalSync("drive")).isInstanceOf(SourcePaused.class);
            intake.send("mail", List.of(Document.upsert("other", 1).content("another source is accepted")));

            stack.restartIngest();
            var restarted = Intake.connect(stack.ingestUrl(), tenant.key());
            assertThatThrownBy(() -> restarted.send("drive", List.of(Document.upsert("during", 1).content("x"))))
                    .as("still paused after a restart").isInstanceOf(SourcePaused.class);

            restarted.resume("drive");
            restarted.send("drive", List.of(Document.upsert("after", 1).content("after the resume")));
            stack.awaitDrained(Duration.ofMinutes(1));
            assertThat(stack.jdbc().queryForList("select external_id from documents where tenant_id = ? order by 1",
                    String.class, tenant.id())).containsExactly("after", "before", "other");
        }
    }

    @Test
    void theSdkResendsWholeRequestsRefusedWith429AndSplitsRequestsAtTheIntakesLimits() throws Exception {
        try (var stack = Stack.start()) {
            stack.worker(WORKER);
            var admin = new ConnectorClient(stack.ingestUrl(), Stack.ADMIN_TOKEN);
            var tenant = admin.post("/v1/admin/tenants", Map.of("name", "slow", "eventsPerSecond", 400))
                    .get("tenantId").asString();
            var key = admin.post("/v1/admin/tenants/" + tenant + "/keys", Map.of("scopes", List.of("events:write")))
                    .get("key").asString();
            var intake = Intake.connect(stack.ingestUrl(), key);
            var many = new ArrayList<Document>();
            for (int i = 0; i < 1500; i++) {
                many.add(Document.upsert("many-" + i, 1).content("small " + i));
            }
            // control: without retries the second request of 1,000 + 500 events is over the tenant's rate
            assertThatThrownBy(() -> intake.withRetries(new Retries(1, Duration.ZERO, Duration.ZERO)).send("slow", many))
                    .isInstanceOf(IntakeUnavailable.class).hasMessageContaining("failed 1 times");

            intake.send("slow", many);
            var large = new ArrayList<Document>();
            for (int i = 0; i < 12; i++) {
                // 12 x 950 KiB: more than one request's 10 MiB, each within an event's 1 MiB
                large.add(Document.upsert("large-" + i, 1).content(String.valueOf((char) ('a' + i)).repeat(950 * 1024)));
            }
            intake.send("big", large);

            stack.awaitDrained(Duration.ofMinutes(2));
            assertThat(stack.jdbc().queryForList("select source, count(*)::int as n from documents where tenant_id = ?::uuid "
                    + "group by source order by source", tenant)).containsExactly(
                    Map.of("source", "big", "n", 12), Map.of("source", "slow", "n", 1500));
        }
    }

    @Test
    void theSdkReadmeExampleCompilesAndSyncsAFolderIncrementally() throws Exception {
        var readme = Files.readString(Path.of("..", "connector-sdk", "README.md"));
        var matcher = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(matcher.find()).as("a java block in the README").isTrue();
        var code = matcher.group(1);
        assertThat(code.lines().count()).as("a connector in under 50 lines").isLessThan(50);
        var className = Pattern.compile("public class (\\w+)").matcher(code).results().findFirst().orElseThrow().group(1);

        var work = Files.createTempDirectory("readme-connector-");
        try (var stack = Stack.start()) {
            stack.worker(WORKER);
            var tenant = stack.tenants(1).getFirst();
            var classes = Files.createDirectories(work.resolve("classes"));
            var source = Files.writeString(work.resolve(className + ".java"), code);
            var errors = new ByteArrayOutputStream();
            int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", classes.toString(),
                    "-cp", System.getProperty("java.class.path"), source.toString());
            assertThat(compiled).as(errors.toString(StandardCharsets.UTF_8)).isZero();

            var notes = Files.createDirectories(work.resolve("notes"));
            for (int i = 0; i < 250; i++) {
                var note = Files.writeString(notes.resolve("note-" + i + ".txt"), "Note " + i + " about the garden");
                Files.setLastModifiedTime(note, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
            }
            try (var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                    getClass().getClassLoader())) {
                var main = loader.loadClass(className).getMethod("main", String[].class);
                var args = new String[] {stack.ingestUrl(), tenant.key(), notes.toString()};

                assertThat(run(main, args)).startsWith("completed: 250 written");
                assertThat(stack.jdbc().queryForObject("select count(*) from documents where tenant_id = ? "
                        + "and source = 'notes' and deleted_at is null", Long.class, tenant.id())).isEqualTo(250);

                Files.writeString(notes.resolve("note-250.txt"), "A new note");
                Files.setLastModifiedTime(notes.resolve("note-250.txt"), FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));
                assertThat(run(main, args)).as("from the checkpoint on: the newest old note again, and the new one")
                        .startsWith("completed: 1 written, 1 unchanged");
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Runs a connector's main in this JVM and returns what it printed. */
    private static String run(java.lang.reflect.Method main, String[] args) throws Exception {
        var printed = new ByteArrayOutputStream();
        var out = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8).strip();
    }

    /** Reads the child's lines until it printed a checkpoint at or past {@code at}, then kills it (SIGKILL). */
    private static int killAfterCheckpoint(Process child, int at) throws IOException, InterruptedException {
        int last = 0;
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("checkpointed ")) {
                    last = Integer.parseInt(line.substring("checkpointed ".length()));
                    if (last >= at) {
                        child.destroyForcibly().waitFor();
                        return last;
                    }
                }
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        throw new AssertionError("the connector ended before its checkpoint " + at + " (last " + last + ")");
    }

    /** Documents doc-from .. doc-(to-1) of the tenant that are live at the version their source has. */
    private static long presentAtVersion(Stack stack, UUID tenant, int from, int to) {
        return stack.jdbc().queryForObject("""
                select count(*) from documents d join generate_series(?, ? - 1) i on d.external_id = 'doc-' || i
                where d.tenant_id = ? and d.deleted_at is null and d.version = 1000000 + i""",
                Long.class, from, to, tenant);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
