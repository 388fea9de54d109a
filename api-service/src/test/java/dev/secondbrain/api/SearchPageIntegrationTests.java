package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page a person uses, driven by a real headless Chromium (Debian's package; `.ci/run` installs it):
 * the page searches with the key from its URL fragment and shows results with category, status and the
 * highlighted match, and the tenant's statistics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
@Tag("browser")
class SearchPageIntegrationTests {

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }

    @Test
    void showsRankedResultsWithCategoryStatusAndStatisticsForTheKeysTenant() throws Exception {
        var fixture = new Fixture(jdbc);
        var mine = fixture.tenant();
        var other = fixture.tenant();
        fixture.document(mine, "notes/dinner.md", "notes", "personal", "needs_review", "Birthday dinner",
                "Mum's birthday dinner on Saturday at the Italian place");
        fixture.document(mine, "notes/plan.md", "notes", "work", "classified", "Roadmap", "Quarterly roadmap meeting");
        fixture.document(other, "notes/secret.md", "notes", "work", "classified", "Other birthday",
                "Another tenant's birthday notes");

        var page = render("#key=" + mine.key() + "&q=birthday");

        assertThat(page).contains("data-state=\"done\"", "Birthday dinner", ">personal<", ">needs_review<",
                "<b>birthday</b>", "documents: 2");
        assertThat(page).as("another tenant's document").doesNotContain("Other birthday");
    }

    @Test
    void aWrongKeyShowsTheErrorAndNoData() throws Exception {
        var page = render("#key=sbk_not-a-real-key&q=birthday");

        assertThat(page).contains("data-state=\"error\"", "A valid API key is required")
                .doesNotContain("class=\"result\"");
    }

    private String render(String fragment) throws IOException, InterruptedException {
        var profile = Files.createTempDirectory("chromium-");
        var process = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom",
                "http://localhost:" + port + "/" + fragment))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return dom;
    }
}
