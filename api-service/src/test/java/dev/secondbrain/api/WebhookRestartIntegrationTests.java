package dev.secondbrain.api;

import dev.secondbrain.schemas.DocumentChanged;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.testkit.FreshInfrastructure;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At least once across a restart: the api-service instance that delivers is closed while it delivers a stream of
 * changes, more changes are published while it is down, and a new instance on the same store and topic delivers
 * every one of the tenant's changes (none of another tenant's), signed, in order per document.
 */
class WebhookRestartIntegrationTests {

    private static final String[] SETTINGS = {"--server.port=0", "--pipeline.webhooks.allow-loopback=true",
            "--pipeline.webhooks.poll-interval=100ms", "--pipeline.webhooks.first-retry=200ms",
            "--pipeline.webhooks.max-retry=1s", "--pipeline.webhooks.lease=5s", "--pipeline.webhooks.batch-size=5"};
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRestartedInstanceDeliversEveryChangeOfTheTenantAtLeastOnceInOrderPerDocument() throws Exception {
        var first = new SpringApplicationBuilder(ApiApplication.class).initializers(new FreshInfrastructure())
                .run(SETTINGS);
        var database = first.getEnvironment().getProperty("pipeline.test.database");
        var topic = first.getEnvironment().getProperty("pipeline.topics.changes");
        var jdbc = TestDatabase.superuser(first.getEnvironment());
        Infrastructure.kafka().createMissingTopics(topic);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from webhook_feed_offsets where topic = ?").param(topic).query(Long.class).single() > 0);
        var fixture = new Fixture(jdbc);
        var mine = fixture.tenant();
        var theirs = fixture.tenant();
        ConfigurableApplicationContext second = null;
        try (var receiver = new Receiver(); var other = new Receiver(); var feed = new ChangeFeed(topic)) {
            var secret = register(first, mine.key(), receiver.url());
            register(first, theirs.key(), other.url());
            var before = changes(mine, theirs, 1, 40);
            var during = changes(mine, theirs, 41, 60);
            feed.publish(before);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() >= 5);

            first.close(); // mid-stream: some of `before` delivered, not all
            var deliveredBeforeRestart = receiver.accepted().size();
            feed.publish(during);
            // the same store and topic as the first instance (arguments: they win over the service's own yml)
            var arguments = new ArrayList<>(List.of(SETTINGS));
            FreshInfrastructure.databaseProperties("api-service", database).forEach(p -> arguments.add("--" + p));
            arguments.add("--spring.kafka.bootstrap-servers=" + Infrastructure.kafka().bootstrapServers());
            arguments.add("--pipeline.topics.changes=" + topic);
            second = new SpringApplicationBuilder(ApiApplication.class).run(arguments.toArray(String[]::new));

            var expected = expected(mine, before, during);
            await().atMost(Duration.ofSeconds(120)).until(() -> received(receiver).keySet().containsAll(expected));
            assertThat(deliveredBeforeRestart).as("control: the first instance was stopped mid-stream")
                    .isLessThan(expected.size());
            assertThat(receiver.accepted()).allSatisfy(r -> {
                assertThat(r.verifies(List.of(secret))).isTrue();
                assertThat(r.json().get("data").get("tenantId").asString()).isEqualTo(mine.id().toString());
            });
            assertThat(received(receiver)).as("deduplicated by event id: exactly the tenant's changes")
                    .hasSameSizeAs(expected);
            // per document: the first receipt of each change comes in version order (a redelivery may repeat one)
            var firstSeen = received(receiver).values().stream()
                    .collect(Collectors.groupingBy(DocumentChanged::externalId,
                            Collectors.mapping(DocumentChanged::version, Collectors.toList())));
            firstSeen.forEach((doc, versions) -> assertThat(versions).as(doc).isSorted());
            await().atMost(Duration.ofSeconds(60)).until(() -> other.accepted().size() >= 20);
            assertThat(other.accepted()).as("control: the other tenant's changes went to its own endpoint")
                    .allSatisfy(r -> assertThat(r.json().get("data").get("tenantId").asString())
                            .isEqualTo(theirs.id().toString()));
        } finally {
            if (first.isActive()) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    /** 3 documents of mine, changed in turn; every third change is another tenant's. */
    private static List<DocumentChanged> changes(Fixture.Client mine, Fixture.Client theirs, int from, int to) {
        var changes = new ArrayList<DocumentChanged>();
        for (int v = from; v <= to; v++) {
            changes.add(v % 3 == 0 ? ChangeFeed.change(theirs.id(), "theirs-" + (v % 2), v)
                    : ChangeFeed.change(mine.id(), "doc-" + (v % 4), v));
        }
        return changes;
    }

    private static List<String> expected(Fixture.Client mine, List<DocumentChanged> before, List<DocumentChanged> during) {
        var all = new ArrayList<>(before);
        all.addAll(during);
        return all.stream().filter(c -> c.tenantId().equals(mine.id())).map(c -> c.externalId() + "@" + c.version())
                .toList();
    }

    /** The changes received, by document and version, in the order first received. */
    private static Map<String, DocumentChanged> received(Receiver receiver) {
        var received = new LinkedHashMap<String, DocumentChanged>();
        for (var r : receiver.accepted()) {
            var change = EventCodec.mapper().treeToValue(r.json().get("data"), DocumentChanged.class);
            received.putIfAbsent(change.externalId() + "@" + change.version(), change);
        }
        return received;
    }

    private String register(ConfigurableApplicationContext context, String key, String url) throws Exception {
        var port = context.getEnvironment().getProperty("local.server.port");
        var answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/webhooks"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\"" + url + "\",\"events\":[\"document.changed\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return EventCodec.mapper().readTree(answer.body()).get("secret").asString();
    }
}
