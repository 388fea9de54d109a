package dev.secondbrain.api;

import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.TestDatabase;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signed webhooks against a real receiver: retries until it recovers, sync transitions, rotation, the guard, input. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pipeline.webhooks.allow-loopback=true", "pipeline.webhooks.poll-interval=100ms",
        "pipeline.webhooks.first-retry=200ms", "pipeline.webhooks.max-retry=1s"})
@WithPipelineInfrastructure
class WebhookIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;
    JdbcClient jdbc;
    Fixture fixture;
    Receiver receiver;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        jdbc = TestDatabase.superuser(environment);
        fixture = new Fixture(jdbc);
        receiver = new Receiver();
        var topic = environment.getProperty("pipeline.topics.changes");
        Infrastructure.kafka().createMissingTopics(topic);
        // the instance's consumer has taken the topic's partitions (and stored where it starts)
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from webhook_feed_offsets where topic = ?").param(topic).query(Long.class).single() > 0);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void aReceiverAnswering500ForAWhileGetsEverythingInOrderOnceItRecovers() throws Exception {
        var tenant = fixture.tenant();
        var hook = register(tenant.key(), receiver.url(), "document.changed");
        receiver.answer(500);
        var changes = IntStream.rangeClosed(1, 20).mapToObj(v -> ChangeFeed.change(tenant.id(), "doc-" + (v % 3), v))
                .toList();
        try (var feed = new ChangeFeed(environment.getProperty("pipeline.topics.changes"))) {
            feed.publish(changes);
        }
        // the head is tried again and again and holds back the rest
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 3);
        var log = get(tenant.key(), "/v1/webhooks/" + hook.get("id").asString() + "/deliveries?limit=200");
        assertThat(log.get("items")).hasSize(20);
        var oldest = log.get("items").get(19);
        assertThat(oldest.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(oldest.get("lastStatus").asInt()).isEqualTo(500);
        assertThat(oldest.get("deliveredAt").isNull()).isTrue();
        assertThat(receiver.received()).as("only the head was tried while it failed")
                .extracting(Receiver.Received::eventId).containsOnly(receiver.received().getFirst().eventId());

        receiver.answer(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() >= 20);
        var accepted = receiver.accepted();
        assertThat(accepted).allSatisfy(r -> assertThat(r.verifies(List.of(hook.get("secret").asString()))).isTrue());
        assertThat(accepted).extracting(r -> r.json().get("data").get("version").asLong())
                .as("every change").containsExactlyInAnyOrderElementsOf(changes.stream().map(c -> c.version()).toList());
        for (var doc : List.of("doc-0", "doc-1", "doc-2")) {
            assertThat(accepted.stream().filter(r -> r.json().get("data").get("externalId").asString().equals(doc))
                    .map(r -> r.json().get("data").get("version").asLong()).toList())
                    .as("%s in the order of its changes", doc).isSorted().isNotEmpty();
        }
        assertThat(accepted).extracting(Receiver.Received::eventId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("evt_"));
        assertThat(accepted.getFirst().eventId()).as("the retried head kept its event id")
                .isEqualTo(receiver.received().getFirst().eventId());
        await().atMost(Duration.ofSeconds(10)).until(() -> get(tenant.key(), "/v1/webhooks/" + hook.get("id").asString()
                + "/deliveries?limit=1").get("items").get(0).get("deliveredAt").isNull() == false);
        var headAttempts = get(tenant.key(), "/v1/webhooks/" + hook.get("id").asString() + "/deliveries/"
                + oldest.get("deliveryId").asLong() + "/attempts").get("items");
        assertThat(headAttempts.size()).as("every attempt of the head is logged").isGreaterThanOrEqualTo(3);
        assertThat(headAttempts.get(0).get("status").asInt()).as("the last one delivered").isEqualTo(200);
        assertThat(headAttempts.get(headAttempts.size() - 1).get("status").asInt()).isEqualTo(500);
        assertThat(headAttempts.get(headAttempts.size() - 1).get("error").asString()).startsWith("HTTP 500");
        var metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("pipeline_webhooks_deliveries_total{outcome=\"delivered\"}",
                "pipeline_webhooks_deliveries_total{outcome=\"failed\"}", "pipeline_webhooks_oldest_undelivered_seconds");
    }

    @Test
    void syncTransitionsReachTheEndpointsRegisteredForThem() throws Exception {
        var tenant = fixture.tenant();
        var other = fixture.tenant();
        var hook = register(tenant.key(), receiver.url(), "sync.completed", "sync.needs_confirmation");
        var sync = fixture.sync(tenant, "gdrive", "open");
        var theirs = fixture.sync(other, "gdrive", "open");

        for (var state : List.of("stalled", "open", "needs_confirmation", "sweeping", "completed")) {
            jdbc.sql("update sync_runs set state = ? where sync_id in (?, ?)").params(state, sync, theirs).update();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() >= 2);
        var got = receiver.accepted();
        assertThat(got).extracting(Receiver.Received::type).containsExactly("sync.needs_confirmation", "sync.completed");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.json().get("data").get("syncId").asString()).isEqualTo(sync.toString());
            assertThat(r.verifies(List.of(hook.get("secret").asString()))).isTrue();
        });
        assertThat(got.get(1).json().get("data").get("state").asString()).isEqualTo("completed");
    }

    @Test
    void aRotatedSecretSignsWithBothDuringTheGracePeriod() throws Exception {
        var tenant = fixture.tenant();
        var hook = register(tenant.key(), receiver.url(), "sync.completed");
        var id = hook.get("id").asString();
        var rotated = post(tenant.key(), "/v1/webhooks/" + id + "/rotate-secret", "");
        assertThat(rotated.statusCode()).isEqualTo(200);
        var fresh = EventCodec.mapper().readTree(rotated.body());
        assertThat(fresh.get("secret").asString()).startsWith("whsec_").isNotEqualTo(hook.get("secret").asString());
        assertThat(fresh.get("previousSecretValidUntil").isNull()).isFalse();
        assertThat(get(tenant.key(), "/v1/webhooks").toString()).as("never listed")
                .doesNotContain(hook.get("secret").asString(), fresh.get("secret").asString());

        var sync = fixture.sync(tenant, "notes", "open");
        jdbc.sql("update sync_runs set state = 'completed' where sync_id = ?").param(sync).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() >= 1);
        var delivery = receiver.accepted().getFirst();
        assertThat(delivery.verifies(List.of(hook.get("secret").asString()))).as("old secret").isTrue();
        assertThat(delivery.verifies(List.of(fresh.get("secret").asString()))).as("new secret").isTrue();
        assertThat(delivery.verifies(List.of("whsec_someone_else"))).as("control").isFalse();
    }

    @Test
    void refusesPrivateLinkLocalAndMetadataAddressesEvenWhereLoopbackIsAllowed() throws Exception {
        var key = fixture.tenant().key();
        for (var url : List.of("http://10.0.0.1/hook", "http://172.16.5.4/", "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/", "http://[fe80::1]/", "http://0.0.0.0/",
                "http://[::]/", "http://224.0.0.1/", "http://100.64.0.1/")) {
            var refused = post(key, "/v1/webhooks", body(url, "document.changed"));
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        }
        assertThat(post(key, "/v1/webhooks", body(receiver.url(), "document.changed")).statusCode())
                .as("control: loopback, allowed here by the setting").isEqualTo(201);
    }

    @Test
    void refusesMalformedOversizedAndHostileRegistrations() throws Exception {
        var key = fixture.tenant().key();
        var longUrl = "http://127.0.0.1/" + "a".repeat(2100);
        for (var bad : List.of("{", "{}", "[]", "{\"url\":\"" + receiver.url() + "\"}",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[]}",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[\"document.deleted\"]}",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[null]}",
                "{\"url\":\"" + receiver.url() + "\",\"events\":\"document.changed\"}",
                body("ftp://127.0.0.1/x", "document.changed"), body("file:///etc/passwd", "document.changed"),
                body("http://user:pw@127.0.0.1/", "document.changed"), body("not a url", "document.changed"),
                body("http:///nohost", "document.changed"), body(longUrl, "document.changed"),
                body("http://no-such-host.invalid/", "document.changed"))) {
            var answer = post(key, "/v1/webhooks", bad);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(bad).contains("problem+json");
            assertThat(answer.body()).as(bad).doesNotContain("Exception", "at dev.");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(post(key, "/v1/webhooks", body(receiver.url(), "sync.failed")).statusCode()).isEqualTo(201);
        }
        assertThat(post(key, "/v1/webhooks", body(receiver.url(), "sync.failed")).statusCode())
                .as("over the endpoints per tenant").isEqualTo(409);
    }

    @Test
    void anotherTenantsEndpointIsNotFoundAndItsChangesNeverReachMine() throws Exception {
        var mine = fixture.tenant();
        var theirs = fixture.tenant();
        var hook = register(mine.key(), receiver.url(), "document.changed");
        var id = hook.get("id").asString();
        try (var other = new Receiver()) {
            register(theirs.key(), other.url(), "document.changed");
            for (var path : List.of("/v1/webhooks/" + id + "/deliveries")) {
                assertThat(http.send(request(theirs.key(), path).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).as(path).isEqualTo(404);
            }
            assertThat(post(theirs.key(), "/v1/webhooks/" + id + "/rotate-secret", "").statusCode()).isEqualTo(404);
            assertThat(post(theirs.key(), "/v1/webhooks/" + id + "/deliveries/1/redeliver", "").statusCode())
                    .isEqualTo(404);
            assertThat(http.send(request(theirs.key(), "/v1/webhooks/" + id + "/deliveries/1/attempts").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(request(theirs.key(), "/v1/webhooks/" + id).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(request(mine.key(), "/v1/webhooks/not-a-uuid/deliveries").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
            assertThat(http.send(request(mine.key(), "/v1/webhooks/" + id + "/deliveries?cursor=forged").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
            assertThat(get(theirs.key(), "/v1/webhooks").get("items").toString()).doesNotContain(id);

            try (var feed = new ChangeFeed(environment.getProperty("pipeline.topics.changes"))) {
                feed.publish(List.of(ChangeFeed.change(theirs.id(), "theirs", 1), ChangeFeed.change(mine.id(), "mine", 1)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.accepted().isEmpty() && !other.accepted().isEmpty());
            assertThat(receiver.accepted()).extracting(r -> r.json().get("data").get("externalId").asString())
                    .containsOnly("mine");
            assertThat(other.accepted()).as("control: the other tenant's own endpoint got its change")
                    .extracting(r -> r.json().get("data").get("externalId").asString()).containsOnly("theirs");
        }
        // a redelivery sends the same event again, same id
        var delivery = get(mine.key(), "/v1/webhooks/" + id + "/deliveries").get("items").get(0);
        var redeliver = post(mine.key(), "/v1/webhooks/" + id + "/deliveries/" + delivery.get("deliveryId").asLong()
                + "/redeliver", "");
        assertThat(redeliver.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() >= 2);
        assertThat(receiver.accepted()).extracting(Receiver.Received::eventId).containsOnly(delivery.get("eventId").asString());
        assertThat(http.send(request(mine.key(), "/v1/webhooks/" + id).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        assertThat(get(mine.key(), "/v1/webhooks").get("items")).isEmpty();
    }

    private JsonNode register(String key, String url, String... events) throws Exception {
        var answer = post(key, "/v1/webhooks", body(url, events));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        var json = EventCodec.mapper().readTree(answer.body());
        assertThat(json.get("secret").asString()).startsWith("whsec_");
        return json;
    }

    private static String body(String url, String... events) {
        var list = new ArrayList<String>();
        for (var event : events) {
            list.add("\"" + event + "\"");
        }
        return "{\"url\":\"" + url.replace("\"", "\\\"") + "\",\"events\":[" + String.join(",", list) + "]}";
    }

    private HttpRequest.Builder request(String key, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + key);
    }

    private HttpResponse<String> post(String key, String path, String body) throws Exception {
        return http.send(request(key, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String key, String path) throws Exception {
        var answer = http.send(request(key, path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(answer.body());
    }

    static UUID uuid(JsonNode node) {
        return UUID.fromString(node.asString());
    }
}
