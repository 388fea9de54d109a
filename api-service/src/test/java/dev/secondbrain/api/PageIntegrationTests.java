package dev.secondbrain.api;

import dev.secondbrain.testkit.TestDatabase;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page a person works in, driven in Debian's headless Chromium (Selenium over Debian's chromedriver) against the
 * real API on a real PostgreSQL: every test acts on the page as a person would (keys, clicks), asserts what the page
 * shows, then what the API and the database hold afterwards, beside a control that shows the check can fail.
 * Screenshots of each view go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipeline.api.job-poll-interval=200ms", "pipeline.api.delete-chunk-size=7"})
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("browser")
class PageIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;

    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;
    Api api;
    Fixture fixture;
    Fixture.Client client;
    Browser browser;

    @BeforeAll
    void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @BeforeEach
    void tenant() {
        jdbc = TestDatabase.superuser(environment);
        api = new Api(port);
        fixture = new Fixture(jdbc);
        client = fixture.tenant();
        browser.size(1100, 900);
    }

    @Test
    void searchShowsHighlightedSnippetsOfTheKeysTenantOnlyAndKeepsTheKeyOutOfEveryUrl() {
        fixture.document(client, "notes/dinner.md", "notes", "personal", "needs_review", "Birthday dinner",
                "Mum's birthday dinner on Saturday at the Italian place");
        fixture.document(client, "notes/plan.md", "notes", "work", "classified", "Roadmap", "Quarterly roadmap meeting");
        var other = fixture.tenant();
        fixture.document(other, "notes/secret.md", "notes", "work", "classified", "Other birthday",
                "Another tenant's birthday notes");

        browser.open(port, "key=" + client.key() + "&q=birthday&view=documents");

        assertThat(browser.body().getDomAttribute("data-state")).isEqualTo("done");
        assertThat(browser.all("#results > li")).hasSize(1);
        assertThat(browser.text("#results > li .title")).isEqualTo("Birthday dinner");
        assertThat(browser.text("#results > li")).contains("personal", "needs_review");
        assertThat(browser.all("#results .snippet b")).extracting(e -> e.getText()).containsExactly("birthday");
        assertThat(browser.text("#stats")).contains("documents", "2");
        assertThat(browser.text("#results")).doesNotContain("Other birthday");
        browser.screenshot("documents-search");
        // the key never travels in a URL: not in the address bar (the fragment is removed), not in any request
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(client.key()).doesNotContain("key=");
        assertThat((String) browser.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')"))
                .contains("/v1/search").doesNotContain(client.key());

        // the list with a filter, then the other tenant's key: its own document only (control: the check can fail)
        browser.find("#q").clear();
        new org.openqa.selenium.support.ui.Select(browser.find("#f-status")).selectByVisibleText("classified");
        browser.find("#search button[type=submit]").click();
        browser.settled();
        assertThat(browser.all("#results > li .title")).extracting(e -> e.getText()).containsExactly("Roadmap");
        browser.open(port, "key=" + other.key() + "&q=birthday&view=documents");
        assertThat(browser.text("#results")).contains("Other birthday").doesNotContain("Birthday dinner");
    }

    @Test
    void listsPageByPageWithMoreAndFiltersBySource() {
        fixture.documents(client, "doc-", 1, 120); // 30 per source

        browser.open(port, "key=" + client.key() + "&view=documents");

        assertThat(browser.all("#results > li")).hasSize(50);
        assertThat(browser.text("#documents-summary")).isEqualTo("50 documents shown; more available.");
        browser.find("#documents-more").click();
        browser.settled();
        browser.find("#documents-more").click();
        browser.settled();
        assertThat(browser.all("#results > li")).hasSize(120);
        assertThat(browser.find("#documents-more").isDisplayed()).isFalse();
        assertThat(browser.all("#results > li .id")).extracting(e -> e.getText())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 120)
                        .mapToObj("doc-%07d"::formatted).toList());

        new org.openqa.selenium.support.ui.Select(browser.find("#f-source")).selectByVisibleText("gmail");
        browser.find("#search button[type=submit]").click();
        browser.settled();
        assertThat(browser.all("#results > li")).hasSize(30);
        assertThat(browser.all("#results > li")).allSatisfy(row -> assertThat(row.getText()).contains("gmail"));
        assertThat(browser.text("#documents-summary")).isEqualTo("30 documents shown.");
    }

    @Test
    void aWrongKeyShowsTheErrorAndNoData() {
        fixture.document(client, "notes/dinner.md", "birthday dinner");

        browser.open(port, "key=sbk_not-a-real-key&q=birthday&view=documents");

        assertThat(browser.body().getDomAttribute("data-state")).isEqualTo("error");
        assertThat(browser.text("#error")).contains("A valid API key is required");
        assertThat(browser.all("#results > li")).isEmpty();
    }

    @Test
    void aTitleWithMarkupIsShownAsTextAndNeverRuns() {
        var hostile = "<img src=x onerror=\"window.pwned=1\">";
        fixture.document(client, "hostile", "notes", "<b>work</b>", "needs_review", hostile,
                "<script>window.pwned=2</script> hostile content with <img src=y onerror=\"window.pwned=3\">");

        for (var view : List.of("documents", "review")) {
            browser.open(port, "key=" + client.key() + "&view=" + view);
            var list = view.equals("documents") ? "#results" : "#queue";
            assertThat(browser.text(list + " > li .title")).isEqualTo(hostile);
            assertThat(browser.all(list + " img")).isEmpty();
        }
        browser.open(port, "key=" + client.key() + "&q=hostile&view=documents");
        System.out.println("snippet: " + browser.text("#results .snippet"));
        assertThat(browser.all("#results .snippet b")).extracting(e -> e.getText()).contains("hostile");
        assertThat(browser.all("main img, main script")).isEmpty();
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);

        // control: the same title inserted as HTML does run, so the check above would catch it
        browser.script("document.body.insertAdjacentHTML('beforeend', arguments[0])", hostile);
        browser.waitFor(d -> browser.script("return window.pwned === 1"));
    }

    @Test
    void reviewsAQueueOfThirtyWithTheKeyboardOnly() {
        for (int i = 1; i <= 30; i++) {
            fixture.document(client, "review-%02d".formatted(i), "notes", i % 2 == 0 ? "work" : "personal",
                    "needs_review", "Review %02d".formatted(i), "note " + i);
        }
        jdbc.sql("update documents set confidence = 0.35 + (right(external_id, 2)::int % 6) * 0.1 where tenant_id = ?")
                .param(client.id()).update();
        browser.open(port, "key=" + client.key() + "&view=review");
        assertThat(browser.all("#queue > li")).hasSize(30);
        assertThat(browser.text("#queue > li[data-id='review-02']")).contains("Review 02", "work", "55 %");
        assertThat(browser.text("#review-categories")).isEqualTo("1 personal 2 work");
        browser.screenshot("review-queue");

        // keyboard only: Tab into the queue (one row is in the Tab order), then j, j, k: the second row
        var keys = tabIntoQueue();
        assertThat(browser.active().getDomAttribute("data-id")).isEqualTo("review-01");
        keys.sendKeys("jjk").perform();
        assertThat(browser.active().getDomAttribute("data-id")).isEqualTo("review-02");

        // control: a key that may only read cannot confirm; the page says so and the row comes back
        browser.script("document.getElementById('key').value = arguments[0]",
                fixture.key(client.id(), "documents:read").key());
        keys.sendKeys("c").perform();
        browser.settled();
        assertThat(browser.text("#error")).contains("documents:write");
        assertThat(browser.all("#queue > li")).hasSize(30);
        assertThat(statuses()).containsOnlyKeys("needs_review");
        browser.script("document.getElementById('key').value = arguments[0]", client.key());
        assertThat(browser.active().getDomAttribute("data-id")).isEqualTo("review-01");
        keys.sendKeys("j").perform();
        assertThat(browser.active().getDomAttribute("data-id")).isEqualTo("review-02");

        // each decision moves to the next row: c confirms, 1 and 2 set the category; the last row decided is review-01
        var expected = new LinkedHashMap<String, String>();
        var typed = new StringBuilder();
        for (int step = 0; step < 30; step++) {
            var id = "review-%02d".formatted(step < 29 ? step + 2 : 1);
            var suggested = Integer.parseInt(id.substring(7)) % 2 == 0 ? "work" : "personal";
            var key = "c12".charAt(step % 3);
            typed.append(key);
            expected.put(id, key == 'c' ? suggested : key == '1' ? "personal" : "work");
        }
        keys.sendKeys(typed.toString()).perform();
        browser.waitFor(d -> browser.all("#queue > li").isEmpty()
                && "0".equals(browser.body().getDomAttribute("data-pending")));

        assertThat(browser.text("#review-result")).isEqualTo("Nothing to review.");
        assertThat(browser.text("#error")).isEmpty();
        var stored = new LinkedHashMap<String, String>();
        jdbc.sql("select external_id, category, classification_status from documents where tenant_id = ? order by 1")
                .param(client.id()).query((rs, n) -> {
                    assertThat(rs.getString(3)).as(rs.getString(1)).isEqualTo("confirmed");
                    return stored.put(rs.getString(1), rs.getString(2));
                }).list();
        assertThat(stored).isEqualTo(new java.util.TreeMap<>(expected));
        var byStatus = api.get("/v1/stats", client.key()).json().get("byStatus");
        assertThat(byStatus.get("confirmed").asLong()).isEqualTo(30);
        assertThat(byStatus.has("needs_review")).isFalse();
    }

    @Test
    void bulkConfirmsTwentyDeletesFiveAndRestoresTwo() {
        for (int i = 1; i <= 30; i++) {
            fixture.document(client, "bulk-%02d".formatted(i), "notes", "work", "needs_review",
                    "Bulk %02d".formatted(i), "note " + i);
        }
        var swept = fixture.sync(client, "notes", "completed");
        fixture.document(client, "swept", "notes", "work", "classified", "Swept note", "gone from the source");
        fixture.sweptBy(client, swept, "swept");
        fixture.document(client, "erased", "notes", "work", "classified", "Erased note", "deleted at the source");
        fixture.deletedBySource(client, "erased");
        browser.open(port, "key=" + client.key() + "&view=review");
        assertThat(browser.all("#queue > li")).hasSize(30);

        // select twenty with the keyboard (x, j), confirm them in one bulk call
        var keys = tabIntoQueue();
        keys.sendKeys("xj".repeat(20)).perform();
        assertThat(browser.text("#review-selected")).isEqualTo("20 selected");
        browser.screenshot("review-selected");
        assertThat(statuses()).isEqualTo(Map.of("needs_review", 30L)); // control: nothing confirmed before the call
        browser.find("#review-confirm").click();
        browser.settled();

        assertThat(browser.text("#review-result")).isEqualTo("Confirmed: matched 20, changed 20.");
        assertThat(browser.all("#queue > li")).hasSize(10);
        assertThat(statuses()).isEqualTo(Map.of("confirmed", 20L, "needs_review", 10L));
        assertThat(api.get("/v1/documents?status=confirmed&limit=200", client.key()).json().get("items")).hasSize(20);

        // select five with the mouse, delete them
        var five = browser.all("#queue > li").subList(0, 5);
        var deleted = five.stream().map(row -> row.getDomAttribute("data-id")).toList();
        five.forEach(row -> row.findElement(org.openqa.selenium.By.cssSelector("input[type=checkbox]")).click());
        browser.find("#review-delete").click();
        browser.settled();
        assertThat(browser.text("#review-result")).isEqualTo("Deleted: matched 5, changed 5.");
        assertThat(browser.all("#queue > li")).hasSize(5);
        assertThat(tombstones()).containsOnlyKeys(concat(deleted, "swept", "erased"));

        // classify two of the remaining five in one call
        var two = browser.all("#queue > li").subList(0, 2).stream().map(row -> row.getDomAttribute("data-id")).toList();
        for (var id : two) {
            browser.find("#queue > li[data-id='" + id + "'] input[type=checkbox]").click();
        }
        browser.find("#review-category").sendKeys("personal");
        browser.find("#review-classify").click();
        browser.settled();
        assertThat(browser.text("#review-result")).isEqualTo("Classified as personal: matched 2, changed 2.");
        assertThat(browser.all("#queue > li")).hasSize(3);
        for (var id : two) {
            var stored = api.get("/v1/documents/" + id, client.key()).json();
            assertThat(stored.get("category").asString()).isEqualTo("personal");
            assertThat(stored.get("classificationStatus").asString()).isEqualTo("confirmed");
        }

        // the trash with each provenance; restore two
        browser.find("nav button[data-view=trash]").click();
        browser.settled();
        assertThat(browser.all("#trash > li")).hasSize(7);
        assertThat(browser.text("#trash > li[data-id='swept'] .provenance")).contains("by a sync's sweep",
                "not listed by full sync " + swept);
        assertThat(browser.text("#trash > li[data-id='erased'] .provenance")).contains("by its source",
                "cannot be restored");
        assertThat(browser.find("#trash > li[data-id='erased'] input").isEnabled()).isFalse();
        assertThat(browser.text("#trash > li[data-id='" + deleted.get(0) + "'] .provenance")).contains("by a user",
                "bulk delete", "key " + client.tenant().keyId());
        browser.screenshot("trash");
        for (var id : deleted.subList(0, 2)) {
            browser.find("#trash > li[data-id='" + id + "'] input[type=checkbox]").click();
        }
        browser.find("#trash-restore").click();
        browser.settled();

        assertThat(browser.text("#trash-result")).isEqualTo("Restored: matched 2, changed 2, erased (not restorable) 0.");
        assertThat(browser.all("#trash > li")).hasSize(5);
        assertThat(tombstones()).containsOnlyKeys(concat(deleted.subList(2, 5), "swept", "erased"));
        for (var id : deleted.subList(0, 2)) {
            assertThat(api.get("/v1/documents/" + id, client.key()).status()).isEqualTo(200);
        }
        assertThat(api.get("/v1/documents/" + deleted.get(2), client.key()).status()).isEqualTo(404);
    }

    @Test
    void confirmsAHeldSyncAfterShowingWhatItWouldDelete() {
        for (int i = 1; i <= 12; i++) {
            fixture.document(client, "slack-%02d".formatted(i), "slack", "work", "classified", "Slack %02d".formatted(i),
                    "message " + i);
        }
        fixture.document(client, "mail-1", "gmail", "personal", "classified", "Mail 1", "hello");
        fixture.sync(client, "gmail", "completed");
        var held = fixture.sync(client, "slack", "needs_confirmation");
        jdbc.sql("update sync_runs set to_delete = 12, events_received = 3 where sync_id = ?").param(held).update();

        browser.open(port, "key=" + client.key() + "&view=sources");
        browser.waitFor(d -> browser.all("#held li").size() == 12);
        browser.settled();

        assertThat(browser.text("#sources tr[data-source=slack]")).contains("slack", "12", "needs_confirmation", "3");
        assertThat(browser.text("#sources tr[data-source=gmail]")).contains("completed");
        assertThat(browser.all("#held section.held")).hasSize(1);
        assertThat(browser.text("#held")).contains("would delete 12 documents", "Slack 01", "Slack 12");
        browser.screenshot("sources-held-sync");
        assertThat(syncState(held)).isEqualTo("needs_confirmation"); // control: not confirmed by showing it

        browser.find("#held button.danger").click();
        browser.settled();

        assertThat(browser.text("#held")).contains("Confirmed: the sync is sweeping");
        assertThat(browser.text("#sources tr[data-source=slack]")).contains("sweeping").doesNotContain("needs_confirmation");
        assertThat(syncState(held)).isEqualTo("sweeping");
        var slack = api.get("/v1/sources", client.key()).json().get("items").get(1);
        assertThat(slack.get("source").asString()).isEqualTo("slack");
        assertThat(slack.get("lastSync").get("state").asString()).isEqualTo("sweeping");
        assertThat(api.get("/v1/audit", client.key()).body()).contains("sync_confirm_deletions", held.toString());
    }

    @Test
    void deletesEverythingOnlyAfterTheTypedConfirmationAndShowsTheJobsProgress() {
        fixture.documents(client, "doc-", 1, 40);
        browser.open(port, "key=" + client.key() + "&view=sources");
        var go = browser.find("#delete-all-go");
        var typed = browser.find("#delete-all-confirm");

        // control: a near miss keeps the button disabled and deletes nothing
        typed.sendKeys("delete al");
        assertThat(go.isEnabled()).isFalse();
        typed.sendKeys(Keys.ENTER);
        browser.settled();
        assertThat(liveDocuments()).isEqualTo(40);

        typed.sendKeys("l");
        assertThat(go.isEnabled()).isTrue();
        go.click();
        browser.waitFor(d -> "done".equals(browser.body().getDomAttribute("data-job")));
        browser.settled();

        assertThat(browser.text("#delete-all-text")).isEqualTo("Delete-all done: 40 of 40 documents deleted.");
        assertThat(browser.find("#delete-all-progress").getDomProperty("value"))
                .isEqualTo(browser.find("#delete-all-progress").getDomProperty("max"));
        assertThat(browser.all("#sources tbody tr")).hasSize(4).allSatisfy(row ->
                assertThat(row.findElements(org.openqa.selenium.By.tagName("td")).get(0).getText()).isEqualTo("0"));
        browser.screenshot("sources-delete-all");
        assertThat(liveDocuments()).isZero();
        assertThat(api.get("/v1/stats", client.key()).json().get("total").asLong()).isZero();
        assertThat(jdbc.sql("select state from jobs where tenant_id = ? and kind = 'delete_all'").param(client.id())
                .query(String.class).list()).containsExactly("done");
    }

    @Test
    void healthShowsStatisticsAndFreshnessAndEveryViewFitsAPhoneWithLabelledControls() {
        fixture.documents(client, "doc-", 1, 12);
        jdbc.sql("update documents set updated_at = '2026-03-02T10:00:00Z' where tenant_id = ?").param(client.id()).update();
        jdbc.sql("insert into sync_runs (tenant_id, sync_id, source, mode, state, events_received, applied, created_at) "
                + "values (?, ?, 'slack', 'full', 'open', 9, 4, '2026-03-01T00:00:00Z')").params(client.id(),
                UUID.randomUUID()).update();

        browser.open(port, "key=" + client.key() + "&view=health");

        assertThat(browser.text("#freshness")).contains("Last applied write", "2026", "Unfinished full syncs\n1",
                "Sync events not applied yet\n5");
        assertThat(browser.text("#health-stats")).contains("documents\n12", "slack\n3", "needs_review\n6");
        browser.screenshot("health");

        browser.size(390, 844);
        for (var view : List.of("documents", "review", "trash", "sources", "health")) {
            browser.open(port, "key=" + client.key() + "&view=" + view);
            assertThat(browser.script("return document.documentElement.scrollWidth")).as(view)
                    .isEqualTo(browser.script("return document.documentElement.clientWidth"));
            assertThat(browser.script("""
                    return [...document.querySelectorAll('input, select, button')]
                        .filter(e => e.offsetParent !== null)
                        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                                     && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                        .map(e => e.outerHTML)""")).as(view).isEqualTo(List.of());
            browser.screenshot("phone-" + view);
        }
    }

    /** Tab from the top of the page until a row of the review queue has the focus. */
    private Actions tabIntoQueue() {
        var keys = new Actions(browser.driver);
        for (int tabs = 0; tabs < 40 && !isQueueRow(); tabs++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(isQueueRow()).as("a queue row is reachable with Tab").isTrue();
        return keys;
    }

    private boolean isQueueRow() {
        return (Boolean) browser.script("return document.activeElement.matches('#queue > li')");
    }

    private Map<String, Long> statuses() {
        var counts = new java.util.TreeMap<String, Long>();
        jdbc.sql("select classification_status, count(*) from documents where tenant_id = ? and deleted_at is null "
                + "group by 1").param(client.id()).query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    private Map<String, String> tombstones() {
        var found = new java.util.TreeMap<String, String>();
        jdbc.sql("select external_id, deleted_by from documents where tenant_id = ? and deleted_at is not null")
                .param(client.id()).query((rs, n) -> found.put(rs.getString(1), rs.getString(2))).list();
        return found;
    }

    private long liveDocuments() {
        return jdbc.sql("select count(*) from documents where tenant_id = ? and deleted_at is null").param(client.id())
                .query(Long.class).single();
    }

    private String syncState(UUID sync) {
        return jdbc.sql("select state from sync_runs where sync_id = ?").param(sync).query(String.class).single();
    }

    private static String[] concat(List<String> ids, String... more) {
        var all = new ArrayList<>(ids);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
