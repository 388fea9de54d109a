package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class DocumentIntegrationTests {

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }

    Api api;
    Fixture fixture;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
    }

    @Test
    void paginationReturnsEveryDocumentExactlyOnceUnderConcurrentInserts() {
        var client = fixture.tenant();
        fixture.documents(client, "doc-", 1, 3000);
        var inserting = new AtomicBoolean(true);
        var inserted = new AtomicInteger();
        // ids that sort between the existing ones, before and after the reader's position
        var writer = CompletableFuture.runAsync(() -> {
            for (int i = 1; inserting.get() && i <= 3000; i += 7) {
                fixture.document(client, "doc-%07d-late".formatted(i), "late arrival " + i);
                inserted.incrementAndGet();
            }
        });

        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var path = "/v1/documents?limit=97" + (cursor == null ? "" : "&cursor=" + cursor);
            var page = api.get(path, client.key());
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("externalId").asString()));
            var next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        inserting.set(false);
        writer.join();

        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        assertThat(seen).isSorted();
        for (int i = 1; i <= 3000; i++) {
            assertThat(seen).contains("doc-%07d".formatted(i));
        }
        assertThat(inserted.get()).isPositive();
    }

    @Test
    void filtersBySourceCategoryAndStatusTogether() {
        var client = fixture.tenant();
        fixture.documents(client, "doc-", 1, 120);
        var page = api.get("/v1/documents?source=gmail&category=work&status=needs_review&limit=200", client.key());

        assertThat(page.status()).isEqualTo(200);
        var expected = jdbc.sql("""
                select external_id from documents where tenant_id = ? and source = 'gmail' and category = 'work'
                  and classification_status = 'needs_review' and deleted_at is null order by external_id""")
                .param(client.id()).query(String.class).list();
        var ids = new ArrayList<String>();
        page.json().get("items").forEach(item -> ids.add(item.get("externalId").asString()));
        assertThat(expected).isNotEmpty();
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void cursorOfOtherFiltersOrTamperedCursorIsRefused() {
        var client = fixture.tenant();
        fixture.documents(client, "doc-", 1, 30);
        var cursor = api.get("/v1/documents?limit=10", client.key()).json().get("nextCursor").asString();

        var otherFilter = api.get("/v1/documents?limit=10&source=gmail&cursor=" + cursor, client.key());
        var flipped = (cursor.charAt(5) == 'A' ? "B" : "A");
        var tampered = api.get("/v1/documents?limit=10&cursor=" + cursor.substring(0, 5) + flipped
                + cursor.substring(6), client.key());
        var garbage = api.get("/v1/documents?cursor=%25%00notbase64", client.key());

        assertThat(List.of(otherFilter.status(), tampered.status(), garbage.status())).containsOnly(400);
        assertThat(otherFilter.body()).isEqualTo(tampered.body());
        assertThat(otherFilter.contentType()).startsWith("application/problem+json");
    }

    @Test
    void limitAbove200IsRefused() {
        var client = fixture.tenant();
        var response = api.get("/v1/documents?limit=201", client.key());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/v1/documents?limit=abc", client.key()).status()).isEqualTo(400);
    }

    @Test
    void getsOneDocumentByUrlEncodedIdWithSlashesAndSpaces() {
        var client = fixture.tenant();
        var id = "gdrive/folder a/file 1.txt?x=1&y=%2F#frag";
        fixture.document(client, id, "the content");

        var response = api.get("/v1/documents/" + Api.encode(id), client.key());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("externalId").asString()).isEqualTo(id);
        assertThat(response.json().get("content").asString()).isEqualTo("the content");
        assertThat(response.json().get("metadata").get("k").asString()).isEqualTo("v");
    }

    @Test
    void missingTombstonedAndOtherTenantsDocumentsAreTheSame404() {
        var client = fixture.tenant();
        var other = fixture.tenant();
        fixture.document(client, "gone", "deleted soon");
        fixture.deletedBySource(client, "gone");
        fixture.document(other, "theirs", "not yours");

        var missing = api.get("/v1/documents/nothing-here", client.key());
        var tombstoned = api.get("/v1/documents/gone", client.key());
        var foreign = api.get("/v1/documents/theirs", client.key());

        assertThat(List.of(missing.status(), tombstoned.status(), foreign.status())).containsOnly(404);
        assertThat(tombstoned.problem()).isEqualTo(missing.problem());
        assertThat(foreign.problem()).isEqualTo(missing.problem());
        assertThat(api.get("/v1/documents/theirs", other.key()).status()).isEqualTo(200);
    }
}
