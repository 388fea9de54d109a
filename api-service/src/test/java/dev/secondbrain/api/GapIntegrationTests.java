package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class GapIntegrationTests {

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }

    @Test
    void createsListsByStatusAnswersAndCountsKnowledgeGaps() {
        var api = new Api(port);
        var client = new Fixture(jdbc).tenant();
        var ids = new ArrayList<Long>();
        for (var question : new String[]{"Where is the VPN guide?", "Who owns billing?", "What is our SLA?"}) {
            var created = api.post("/v1/knowledge-gaps", client.key(), Api.json(Map.of("question", question)));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("status").asString()).isEqualTo("open");
            ids.add(created.json().get("gapId").asLong());
        }

        var answered = api.post("/v1/knowledge-gaps/" + ids.get(1) + "/answers", client.key(),
                Api.json(Map.of("answer", "The finance team.")));
        var firstPage = api.get("/v1/knowledge-gaps?status=open&limit=1", client.key()).json();
        var secondPage = api.get("/v1/knowledge-gaps?status=open&limit=1&cursor="
                + firstPage.get("nextCursor").asString(), client.key()).json();
        var statements = new Statements(jdbc);
        statements.reset();
        var stats = api.get("/v1/knowledge-gaps/stats", client.key()).json();
        assertThat(statements.calls("knowledge_gaps")).isEqualTo(1);

        assertThat(answered.status()).isEqualTo(201);
        assertThat(firstPage.get("items").get(0).get("gapId").asLong()).isEqualTo(ids.get(0));
        assertThat(secondPage.get("items").get(0).get("gapId").asLong()).isEqualTo(ids.get(2));
        assertThat(secondPage.get("nextCursor").isNull()).isTrue();
        assertThat(api.get("/v1/knowledge-gaps?status=answered", client.key()).json().get("items")).hasSize(1);
        assertThat(api.get("/v1/knowledge-gaps", client.key()).json().get("items")).hasSize(3);
        assertThat(stats.get("total").asLong()).isEqualTo(3);
        assertThat(stats.get("open").asLong()).isEqualTo(2);
        assertThat(stats.get("answered").asLong()).isEqualTo(1);
        assertThat(stats.get("answers").asLong()).isEqualTo(1);
    }

    @Test
    void anotherTenantsGapCannotBeAnsweredOrSeen() {
        var api = new Api(port);
        var fixture = new Fixture(jdbc);
        var owner = fixture.tenant();
        var intruder = fixture.tenant();
        var gapId = api.post("/v1/knowledge-gaps", owner.key(), Api.json(Map.of("question", "Private?")))
                .json().get("gapId").asLong();

        var answer = api.post("/v1/knowledge-gaps/" + gapId + "/answers", intruder.key(),
                Api.json(Map.of("answer", "hijack")));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(api.get("/v1/knowledge-gaps", intruder.key()).json().get("items")).isEmpty();
        assertThat(api.get("/v1/knowledge-gaps/stats", intruder.key()).json().get("total").asLong()).isZero();
        assertThat(api.get("/v1/knowledge-gaps?status=open", owner.key()).json().get("items")).hasSize(1);
    }

    @Test
    void refusesBlankOrOverlongQuestionsAndAnswersAndUnknownStatuses() {
        var api = new Api(port);
        var client = new Fixture(jdbc).tenant();

        assertThat(api.post("/v1/knowledge-gaps", client.key(), Api.json(Map.of("question", " "))).status())
                .isEqualTo(400);
        assertThat(api.post("/v1/knowledge-gaps", client.key(), Api.json(Map.of("question", "q".repeat(4001))))
                .status()).isEqualTo(400);
        assertThat(api.post("/v1/knowledge-gaps/1/answers", client.key(), Api.json(Map.of("answer", ""))).status())
                .isEqualTo(400);
        assertThat(api.get("/v1/knowledge-gaps?status=closed", client.key()).status()).isEqualTo(400);
    }
}
