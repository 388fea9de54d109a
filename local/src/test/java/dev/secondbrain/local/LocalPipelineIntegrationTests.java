package dev.secondbrain.local;

import dev.secondbrain.tools.ConnectorClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import dev.secondbrain.tools.FolderConnector;
import dev.secondbrain.tools.mail.MailConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run command's stack, end to end: broker and PostgreSQL beside every service as its own process, the
 * demo tenant's sample notes pushed through the intake, classified by the worker and served by the read API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPipelineIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalPipeline pipeline;
    private DemoTenant demo;

    @BeforeAll
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // four service JVMs start one after the other on a loaded machine
    void startTheWholePipeline() throws Exception {
        pipeline = LocalPipeline.start(LocalOptions.throwaway());
        demo = DemoTenant.ensure(pipeline);
    }

    @AfterAll
    void stop() {
        pipeline.close();
    }

    @Test
    void sampleNotesBecomeClassifiedSearchableDocuments() throws Exception {
        assertThat(demo.notes()).isEqualTo(8);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(demo.apiKey(), "/v1/stats").path("bySource").path("notes").asLong()).isEqualTo(8));

        var hits = get(demo.apiKey(), "/v1/search?q=birthday");
        assertThat(hits.toString()).contains("personal/birthday-dinner.md");

        var spam = get(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("inbox/you-won.md", StandardCharsets.UTF_8));
        assertThat(spam.get("category").asString()).isEqualTo("spam");
        var work = get(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("work/q3-roadmap.md", StandardCharsets.UTF_8));
        assertThat(work.get("category").asString()).isEqualTo("work");
    }

    @Test
    void anotherTenantSeesNoneOfTheDemoTenantsDocuments() throws Exception {
        var admin = new ConnectorClient(pipeline.ingestUrl(), pipeline.adminToken());
        var other = admin.post("/v1/admin/tenants", Map.of("name", "other")).get("tenantId").asString();
        var key = admin.post("/v1/admin/tenants/" + other + "/keys", Map.of("scopes", java.util.List.of("documents:read")))
                .get("key").asString();

        assertThat(status(key, "/v1/documents/" + URLEncoder.encode("work/q3-roadmap.md", StandardCharsets.UTF_8)))
                .isEqualTo(404);
        assertThat(get(key, "/v1/stats").get("total").asLong()).isZero();
    }

    @Test
    void anEditedNoteIsUpdatedAndAnUnreadableOneIsReportedAndDeletesNothing() throws Exception {
        var folder = Files.createTempDirectory("notes-");
        Files.writeString(folder.resolve("idea.md"), "# Idea\n\nA first draft about the garden.");
        Files.write(folder.resolve("broken.md"), new byte[] {(byte) 0xC3, (byte) 0x28});
        var progress = new ByteArrayOutputStream();
        var connector = new FolderConnector(pipeline.ingestUrl(), demo.apiKey(), "scratch", new PrintStream(progress));

        var first = connector.push(folder);
        assertThat(first.sent()).isEqualTo(1);
        assertThat(first.unreadable()).containsExactly("cannot read broken.md: not valid UTF-8 text");
        assertThat(progress.toString()).contains("2/2 notes");
        var id = "/v1/documents/idea.md";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status(demo.apiKey(), id)).isEqualTo(200));

        Files.writeString(folder.resolve("idea.md"), "# Idea\n\nThe final plan for the project meeting.");
        Files.setLastModifiedTime(folder.resolve("idea.md"), FileTime.from(Instant.now().plusSeconds(60)));
        connector.push(folder);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(demo.apiKey(), id).get("content").asString()).contains("final plan"));
    }

    @Test
    void notesRemovedOrRenamedInTheFolderAreDeletedByTheNextFullSync() throws Exception {
        var folder = Files.createTempDirectory("notes-");
        for (int i = 0; i < 10; i++) {
            Files.writeString(folder.resolve("note-" + i + ".md"), "# Note " + i + "\n\nAbout the weekend garden " + i);
        }
        var connector = new FolderConnector(pipeline.ingestUrl(), demo.apiKey(), "sync-test", new PrintStream(new ByteArrayOutputStream()));
        connector.push(folder);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(status(demo.apiKey(), "/v1/documents/note-9.md")).isEqualTo(200));

        Files.delete(folder.resolve("note-1.md"));
        Files.move(folder.resolve("note-2.md"), folder.resolve("renamed.md"));
        var report = connector.push(folder);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status(demo.apiKey(), "/v1/documents/note-1.md")).as("deleted at the source").isEqualTo(404);
            assertThat(status(demo.apiKey(), "/v1/documents/note-2.md")).as("renamed away").isEqualTo(404);
        });
        assertThat(status(demo.apiKey(), "/v1/documents/renamed.md")).isEqualTo(200);
        assertThat(status(demo.apiKey(), "/v1/documents/note-0.md")).isEqualTo(200);
        var sync = getFrom(pipeline.ingestUrl(), demo.apiKey(), "/v1/syncs/" + report.syncId());
        assertThat(sync.get("state").asString()).isEqualTo("completed");
        assertThat(sync.get("deleted").asLong()).isEqualTo(2);
        assertThat(status(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("work/q3-roadmap.md", StandardCharsets.UTF_8)))
                .as("another source of the tenant is untouched").isEqualTo(200);
    }

    @Test
    void aMaildirBecomesDocumentsByMessageIdAMessageGoneIsDeletedButAnUnreadableOneDeletesNothing() throws Exception {
        var maildir = Files.createTempDirectory("maildir-");
        var cur = Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        Files.writeString(cur.resolve("1.host:2,S"), """
                Message-ID: <garden-1@example.org>
                Date: Tue, 3 Sep 2002 10:15:00 +0200
                From: =?ISO-8859-1?Q?Ren=E9?= <rene@example.org>
                To: ann@example.com
                Subject: =?ISO-8859-1?Q?Caf=E9_in_the_garden?=
                Content-Type: text/plain; charset=ISO-8859-1
                Content-Transfer-Encoding: quoted-printable

                The caf=E9 opens in the garden on Sunday.
                """);
        Files.writeString(maildir.resolve("new/2.host"), """
                Message-ID: <invoice-2@example.org>
                Date: Wed, 4 Sep 2002 08:00:00 +0000
                From: billing@example.org
                Subject: Invoice for September
                Content-Type: text/html; charset=utf-8

                <html><body><p>Your invoice total is <b>42 EUR</b>.</p></body></html>
                """);
        Files.writeString(cur.resolve("3.host:2,S"), """
                Message-ID: <meeting-3@example.org>
                Date: Thu, 5 Sep 2002 09:00:00 +0000
                From: boss@example.org
                Subject: Project meeting

                The project meeting moves to Friday.
                """);
        for (int i = 4; i <= 10; i++) { // ten in all: deleting one stays under the sweep's mass-deletion guard
            Files.writeString(cur.resolve(i + ".host:2,S"), "Message-ID: <note-" + i + "@example.org>\n"
                    + "From: me@example.org\nSubject: Note " + i + "\n\nAbout the weekend garden " + i + "\n");
        }
        var progress = new ByteArrayOutputStream();
        var connector = new MailConnector(pipeline.ingestUrl(), demo.apiKey(), "mail-test", new PrintStream(progress));

        var first = connector.push(maildir);

        assertThat(first.unreadable()).isEmpty();
        assertThat(first.sent()).isEqualTo(10);
        assertThat(first.state()).isEqualTo("completed");
        assertThat(progress.toString()).contains("10/10 files read", "10/10 messages sent");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status(demo.apiKey(),
                "/v1/documents/" + URLEncoder.encode("garden-1@example.org", StandardCharsets.UTF_8))).isEqualTo(200));
        var garden = get(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("garden-1@example.org", StandardCharsets.UTF_8));
        assertThat(garden.get("title").asString()).isEqualTo("Café in the garden");
        assertThat(garden.get("author").asString()).isEqualTo("René <rene@example.org>");
        assertThat(garden.get("content").asString()).isEqualTo("The café opens in the garden on Sunday.");
        assertThat(garden.get("mimeType").asString()).isEqualTo("message/rfc822");
        assertThat(garden.get("version").asLong()).isEqualTo(Instant.parse("2002-09-03T08:15:00Z").toEpochMilli());
        assertThat(garden.get("metadata").get("to").asString()).isEqualTo("ann@example.com");
        var invoice = get(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("invoice-2@example.org", StandardCharsets.UTF_8));
        assertThat(invoice.get("content").asString()).isEqualTo("Your invoice total is 42 EUR.");

        Files.delete(cur.resolve("3.host:2,S"));
        var second = connector.push(maildir);

        assertThat(second.state()).isEqualTo("completed");
        assertThat(getFrom(pipeline.ingestUrl(), demo.apiKey(), "/v1/syncs/" + second.syncId()).get("deleted").asLong())
                .isEqualTo(1);
        assertThat(status(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("meeting-3@example.org", StandardCharsets.UTF_8)))
                .as("the message gone from the maildir is deleted by the full sync").isEqualTo(404);

        Files.write(maildir.resolve("new/4.host"), new byte[0]);
        Files.delete(maildir.resolve("new/2.host"));
        var third = connector.push(maildir);

        assertThat(third.unreadable()).containsExactly(new dev.secondbrain.tools.mail.MailFailure("new/4.host", "empty"));
        assertThat(third.state()).as("an unreadable message aborts the sync").isEqualTo("aborted");
        assertThat(status(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("invoice-2@example.org", StandardCharsets.UTF_8)))
                .as("an aborted sync deletes nothing, not even what is really gone").isEqualTo(200);
        assertThat(status(demo.apiKey(), "/v1/documents/" + URLEncoder.encode("garden-1@example.org", StandardCharsets.UTF_8)))
                .isEqualTo(200);
    }

    @Test
    void fromAnEmptyBrokerEachServiceCreatesItsTopicTheChangeStreamDeliversAndABadRecordIsDeadLettered() throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            var topics = admin.describeTopics(List.of("documents.events", "documents.events-dlt", "documents.changes"))
                    .allTopicNames().get();
            assertThat(topics.get("documents.events").partitions()).as("the intake's").hasSize(12);
            assertThat(topics.get("documents.events-dlt").partitions()).as("the worker's").hasSize(1);
            assertThat(topics.get("documents.changes").partitions()).as("the change feed's").hasSize(3);
        }

        var lines = new LinkedBlockingQueue<String>();
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + "/v1/changes"))
                .header("Authorization", "Bearer " + demo.apiKey()).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        var response = stream.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.startsWith(":connected")
                || l.startsWith(": connected") || l.contains("connected")));

        var connector = new ConnectorClient(pipeline.ingestUrl(), demo.apiKey());
        connector.post("/v1/events", Map.of("events", List.of(Map.of("type", "DocumentUpserted",
                "externalId", "changes/seen-by-the-stream.md", "source", "test", "version", 1,
                "title", "Seen", "content", "a note the change stream reports"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream()
                .anyMatch(l -> l.startsWith("data:") && l.contains("changes/seen-by-the-stream.md")));
        stream.cancel(true);

        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
             var deadLetters = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-dead-letters", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            producer.send(new ProducerRecord<>("documents.events", "someone/bad-record".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
            deadLetters.subscribe(List.of("documents.events-dlt"));
            var keys = new ArrayList<String>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                deadLetters.poll(Duration.ofMillis(500)).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
                return keys.contains("someone/bad-record");
            });
        }
    }

    @Test
    void everyServiceIsReadyAndExposesTheMetricsAnOperatorActsOn() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(demo.apiKey(), "/v1/stats").path("bySource").path("notes").asLong()).isEqualTo(8));
        for (var service : new String[] {pipeline.ingestUrl(), pipeline.workerUrl(), pipeline.changeFeedUrl(),
                pipeline.apiUrl()}) {
            assertThat(getFrom(service, "", "/actuator/health/readiness").get("status").asString()).isEqualTo("UP");
            assertThat(text(service + "/actuator/prometheus")).contains("hikaricp_connections_active");
        }
        assertThat(getFrom(pipeline.workerUrl(), "", "/actuator/health/readiness").toString())
                .as("readiness includes the database, the consumer threads, stuck partitions and the dead-letter topic")
                .contains("\"db\"", "\"consumers\"", "\"partitions\"", "\"deadLetterTopic\"");
        assertThat(getFrom(pipeline.changeFeedUrl(), "", "/actuator/health/readiness").toString())
                .as("the feed's readiness: its role, its topic, its slot's lag").contains("\"changeFeed\"", "slotLagBytes");
        assertThat(text(pipeline.changeFeedUrl() + "/actuator/prometheus")).contains("pipeline_change_feed_slot_lag_bytes");
        assertThat(text(pipeline.workerUrl() + "/actuator/prometheus")).contains("pipeline_worker_stuck_partitions 0.0");
        assertThat(getFrom(pipeline.ingestUrl(), "", "/actuator/health/readiness").toString())
                .as("the intake is ready only with its database and Kafka").contains("\"db\"", "\"kafka\"");
        assertThat(text(pipeline.ingestUrl() + "/actuator/prometheus"))
                .contains("intake_events_accepted_total", "intake_publish_seconds");
        assertThat(text(pipeline.workerUrl() + "/actuator/prometheus")).contains(
                "pipeline_worker_documents_total{outcome=\"written\"}", "pipeline_worker_batch_latency_seconds",
                "pipeline_worker_freshness_seconds_bucket", "kafka_consumer_fetch_manager_records_lag",
                "pipeline_classifier_latency_seconds", "pipeline_classifier_documents_total{category=\"spam\"");
        assertThat(text(pipeline.workerUrl() + "/actuator/prometheus")).as("no per-document or per-tenant labels")
                .doesNotContainPattern("(tenant[a-z_]*|external_id)=\"");
    }

    private String text(String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private JsonNode getFrom(String baseUrl, String key, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String key, String path) throws Exception {
        return getFrom(pipeline.apiUrl(), key, path);
    }

    private int status(String key, String path) throws Exception {
        return send(key, path).statusCode();
    }

    private HttpResponse<String> send(String key, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(pipeline.apiUrl() + path))
                .header("Authorization", "Bearer " + key).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
