package dev.secondbrain.api;

import dev.secondbrain.schemas.DocumentChanged;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /v1/changes}: the worker's change feed, per tenant, as Server-Sent Events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipeline.changes.keep-alive=200ms", "pipeline.changes.max-stream-duration=20s",
                "pipeline.api-keys.cache-ttl=1s"})
@WithPipelineInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class ChangesIntegrationTests {

    /** One SSE event as a client sees it. */
    record Event(String id, String name, String data) {
    }

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }
    @Autowired
    Environment environment;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The changes topic is the change feed's: this test publishes as the feed would, so it creates it as the feed would. */
    @BeforeEach
    void changesTopic() {
        Infrastructure.kafka().createMissingTopics(environment.getProperty("pipeline.topics.changes"));
    }

    @Test
    void streamsOnlyTheCallersChangesAndResumesAfterLastEventId() throws Exception {
        var fixture = new Fixture(jdbc);
        var mine = fixture.tenant();
        var other = fixture.tenant();
        var stream = open(mine.key(), null);
        var first = stream.next(e -> e.name() == null); // the "connected" position
        publish(other.id(), "theirs-1", 1);
        publish(mine.id(), "mine-1", 1);
        publish(other.id(), "theirs-2", 1);
        publish(mine.id(), "mine-2", 1);
        publish(mine.id(), "mine-3", 1);

        var received = stream.changes(3);
        stream.close();
        assertThat(first.id()).isNotBlank();
        assertThat(received).extracting(e -> read(e).externalId()).containsExactlyInAnyOrder("mine-1", "mine-2", "mine-3");
        assertThat(received).allSatisfy(e -> assertThat(read(e).tenantId()).isEqualTo(mine.id()));

        var afterFirst = received.getFirst();
        var resumed = open(mine.key(), afterFirst.id());
        var rest = resumed.changes(2);
        resumed.close();
        assertThat(rest).extracting(e -> read(e).externalId())
                .as("everything after the last event received, nothing before it")
                .containsExactlyInAnyOrderElementsOf(received.subList(1, 3).stream().map(e -> read(e).externalId()).toList());
    }

    @Test
    void everyOpenStreamOfTheInstanceIsServedByItsOneConsumer() throws Exception {
        var fixture = new Fixture(jdbc);
        var tenants = List.of(fixture.tenant(), fixture.tenant());
        var streams = new ArrayList<Stream>();
        for (int i = 0; i < 6; i++) {
            var stream = open(tenants.get(i % 2).key(), null);
            stream.next(e -> e.name() == null);
            streams.add(stream);
        }
        publish(tenants.get(0).id(), "for-the-first", 1);
        publish(tenants.get(1).id(), "for-the-second", 1);

        for (int i = 0; i < streams.size(); i++) {
            var change = streams.get(i).changes(1).getFirst();
            assertThat(read(change).tenantId()).as("stream %d", i).isEqualTo(tenants.get(i % 2).id());
        }
        assertThat(meters.get("pipeline.changes.consumers").gauge().value())
                .as("six streams, one Kafka consumer of the changes topic").isEqualTo(1.0);
        for (var stream : streams) {
            stream.close();
        }
    }

    @Test
    void aStreamResumedFromFarBehindReadsItsGapAloneAndTheOpenStreamsReadNothingAgain() throws Exception {
        var mine = new Fixture(jdbc).tenant();
        var live = open(mine.key(), null);
        var start = live.next(e -> e.name() == null).id();
        for (int i = 1; i <= 30; i++) {
            publish(mine.id(), "old-" + i, i);
        }
        var old = live.changes(30);

        var behind = open(mine.key(), start);
        var gap = behind.changes(30);
        assertThat(gap).extracting(e -> read(e).externalId())
                .containsExactlyInAnyOrderElementsOf(old.stream().map(e -> read(e).externalId()).toList());
        publish(mine.id(), "new", 1);
        assertThat(read(behind.changes(1).getFirst()).externalId()).isEqualTo("new");
        assertThat(read(live.changes(1).getFirst()).externalId()).as("the open stream got only what was new")
                .isEqualTo("new");
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("pipeline.changes.consumers").gauge().value() == 1.0);
        live.close();
        behind.close();
    }

    @Test
    void refusesAForgedLastEventIdAndAMissingKey() throws Exception {
        var key = new Fixture(jdbc).tenant().key();
        var forged = http.send(request(key).header("Last-Event-ID", "not-a-position!").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        var anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/changes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aStreamThatEndsDuringADatabaseOutageEndsCleanly(CapturedOutput output) throws Exception {
        var key = new Fixture(jdbc).tenant().key();
        var stream = open(key, null);
        assertThat(stream.next(e -> e.name() == null)).as("connected").isNotNull();
        Infrastructure.postgres().stop();
        try {
            var other = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/documents"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as("control: the database is away for every request").isEqualTo(503);
            assertThat(stream.next(e -> false)).as("the stream reached its end during the outage").isNull();
        } finally {
            Infrastructure.postgres().start();
            // the pool reconnects while the server comes back: failed attempts on the way are expected
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> jdbc.sql("select 1").query(Integer.class).single() == 1);
        }
        assertThat(output.getAll()).doesNotContain("No converter", "HttpMessageNotWritableException",
                "request failed");
    }

    @Test
    void refusesAStreamWith503WhileTheChangesTopicIsMissing() throws Exception {
        var key = new Fixture(jdbc).tenant().key();
        var topic = environment.getProperty("pipeline.topics.changes");
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().bootstrapServers()))) {
            admin.deleteTopics(List.of(topic)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));
        }

        var refused = http.send(request(key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");

        Infrastructure.kafka().createMissingTopics(topic);
        open(key, null).close(); // control: with the topic, the same request streams
    }

    @Test
    void aRevokedKeysOpenStreamEndsWithinTheRevocationDelay() throws Exception {
        var fixture = new Fixture(jdbc);
        var revoked = fixture.tenant();
        var kept = fixture.tenant();
        var ending = open(revoked.key(), null);
        var staying = open(kept.key(), null);
        assertThat(ending.next(e -> e.name() == null)).as("connected").isNotNull();
        assertThat(staying.next(e -> e.name() == null)).as("connected").isNotNull();

        jdbc.sql("update api_keys set revoked_at = now() where tenant_id = ?").param(revoked.id()).update();

        // the revocation delay (cache-ttl) is 1 s here and the stream's own limit 20 s: ended well before that limit,
        // it was the revocation that ended it (10 s allowed on a shared machine)
        assertThat(ending.next(e -> false, Duration.ofSeconds(10))).as("the stream ended").isNull();
        assertThat(staying.next(e -> e.name() == null)).as("control: another key's stream goes on").isNotNull();
        staying.close();
    }

    private HttpRequest.Builder request(String key) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/changes"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream");
    }

    private Stream open(String key, String lastEventId) throws Exception {
        var request = request(key);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return new Stream(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
    }

    private void publish(UUID tenant, String externalId, long version) throws Exception {
        var change = new DocumentChanged("created", tenant, externalId, version, "work", "classified", false, null,
                "0/1", Instant.now());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<>(environment.getProperty("pipeline.topics.changes"), change.key(),
                    EventCodec.mapper().writeValueAsBytes(change));
            record.headers().add(EventHeaders.TENANT_ID, tenant.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static DocumentChanged read(Event event) {
        return EventCodec.mapper().readValue(event.data(), DocumentChanged.class);
    }

    /** Reads SSE events from the response body on a background thread, with a bounded wait. */
    static final class Stream implements AutoCloseable {

        private final BufferedReader reader;

        Stream(BufferedReader reader) {
            this.reader = reader;
        }

        Event next(java.util.function.Predicate<Event> wanted) throws Exception {
            return next(wanted, Duration.ofSeconds(30));
        }

        /** The next wanted event, or null when the stream ended first. */
        Event next(java.util.function.Predicate<Event> wanted, Duration timeout) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    while (true) {
                        var event = readEvent();
                        if (event == null || wanted.test(event)) {
                            return event;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Event> changes(int count) throws Exception {
            var changes = new ArrayList<Event>();
            while (changes.size() < count) {
                changes.add(next(e -> "DocumentChanged".equals(e.name())));
            }
            return changes;
        }

        private Event readEvent() throws java.io.IOException {
            String id = null;
            String name = null;
            var data = new StringBuilder();
            boolean any = false;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (any) {
                        return new Event(id, name, data.toString());
                    }
                    continue;
                }
                any = true;
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }
}
