package dev.secondbrain.worker.reclassify;

import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.worker.classify.Classification;
import dev.secondbrain.worker.classify.Classifier;
import dev.secondbrain.worker.classify.ClassifierSettings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reclassify jobs as the worker's own login works them (grants and row-level security of V45 included), with the
 * real built-in classifier learning from confirmed documents.
 */
class ReclassifyIntegrationTests {

    private static final String SOUP = "garlic and lentil stew, simmer the onions for an hour";
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();

    private JdbcClient superuser;
    private DataSource worker;
    private Classifier classifier;

    @BeforeEach
    void store() {
        var database = FreshDatabase.create();
        Flyway.configure().dataSource(database.ownerDataSource()).load().migrate();
        superuser = JdbcClient.create(database.dataSource());
        worker = database.dataSource(Infrastructure.logins().of("classify-worker"));
        var settings = new ClassifierSettings(ClassifierSettings.Kind.BUILTIN, List.of("work", "other"), "other", null,
                0.6, Duration.ofMinutes(5), 10, 500, 4000, 3, 1000, null, Duration.ofSeconds(5), 3);
        classifier = Classifier.builtin(new JdbcTemplate(worker), settings);
        var words = Map.of("recipes", "lentil soup onions cumin simmer stew garlic",
                "travel", "flight hotel lisbon booking train tickets porto");
        for (var tenant : List.of(TENANT, OTHER)) {
            for (int i = 0; i < 12; i++) {
                var category = i % 2 == 0 ? "recipes" : "travel";
                document(tenant, "confirmed-" + i, words.get(category) + " " + i, category, "confirmed");
            }
        }
    }

    private Reclassify reclassify(int chunkSize, Classifier classifier) {
        return new Reclassify(JdbcClient.create(worker), new TransactionTemplate(new JdbcTransactionManager(worker)),
                classifier, new ReclassifySettings(chunkSize, Duration.ofSeconds(1)));
    }

    private void document(UUID tenant, String id, String content, String category, String status) {
        superuser.sql("""
                insert into documents (tenant_id, external_id, source, version, content, category, confidence,
                    classification_status) values (?, ?, 'notes', 1, ?, ?, 0.3, ?)""")
                .params(tenant, id, content, category, status).update();
    }

    private UUID job(UUID tenant) {
        var job = UUID.randomUUID();
        superuser.sql("insert into jobs (tenant_id, job_id, kind, total) values (?, ?, 'reclassify', 5)")
                .params(tenant, job).update();
        return job;
    }

    private Map<String, Object> jobRow(UUID job) {
        return superuser.sql("select state, done, changed, last_key from jobs where job_id = ?").param(job)
                .query().singleRow();
    }

    private String category(UUID tenant, String id) {
        return superuser.sql("select category || '/' || classification_status from documents "
                + "where tenant_id = ? and external_id = ?").params(tenant, id).query(String.class).single();
    }

    private void fiveSoupsInReview(UUID tenant) {
        for (int i = 1; i <= 5; i++) {
            document(tenant, "d" + i, SOUP + " " + i, "other", "needs_review");
        }
    }

    @Test
    void classifiesUnconfirmedDocumentsAgainInCommittedChunksAndResumesAfterACrash() {
        fiveSoupsInReview(TENANT);
        fiveSoupsInReview(OTHER);
        document(TENANT, "d0-confirmed", "flight to porto, hotel booked", "recipes", "confirmed"); // a person's word
        var job = job(TENANT);

        assertThat(reclassify(2, classifier).chunk()).isTrue();
        assertThat(jobRow(job)).containsEntry("state", "running").containsEntry("done", 2L)
                .containsEntry("last_key", "d2");
        assertThat(category(TENANT, "d2")).startsWith("recipes/");
        // control: the next chunk's documents are not classified yet
        assertThat(category(TENANT, "d3")).isEqualTo("other/needs_review");

        // the worker dies; a new one resumes after the last committed chunk and never redoes it
        var restarted = reclassify(2, classifier);
        while (restarted.chunk()) {
            // chunk after chunk until no job is left
        }
        assertThat(jobRow(job)).containsEntry("state", "done").containsEntry("done", 5L).containsEntry("changed", 5L);
        for (int i = 1; i <= 5; i++) {
            assertThat(category(TENANT, "d" + i)).startsWith("recipes/");
        }
        assertThat(category(TENANT, "d0-confirmed")).as("confirmed documents are never reclassified")
                .isEqualTo("recipes/confirmed");
        assertThat(category(OTHER, "d1")).as("another tenant's documents are untouched").isEqualTo("other/needs_review");
        assertThat(superuser.sql("select count(*) from document_counts where tenant_id = ? and dimension = 'category' "
                + "and value = 'recipes' and n = 7 + 5").param(TENANT).query(Long.class).single())
                .as("the counters saw the changes").isEqualTo(1L);
    }

    @Test
    void aDocumentChangedWhileItsChunkIsClassifiedIsNotOverwritten() {
        fiveSoupsInReview(TENANT);
        var job = job(TENANT);
        Classifier confirmingMeanwhile = new Classifier() {
            @Override
            public List<Classification> classify(List<DocumentUpserted> documents) {
                superuser.sql("""
                        update documents set category = 'recipes', classification_status = 'confirmed',
                            updated_at = now() where tenant_id = ? and external_id = 'd3'""").param(TENANT).update();
                return classifier.classify(documents);
            }
        };
        assertThat(reclassify(10, confirmingMeanwhile).chunk()).isTrue();
        assertThat(category(TENANT, "d3")).isEqualTo("recipes/confirmed");
        assertThat(category(TENANT, "d2")).as("control: the rest of the chunk is written").startsWith("recipes/");
        assertThat(jobRow(job)).containsEntry("state", "done").containsEntry("done", 5L).containsEntry("changed", 4L);
    }

    @Test
    void runsThreeStatementsPerChunkWhateverItsSize() {
        for (int i = 0; i < 40; i++) {
            document(TENANT, "m" + (100 + i), SOUP + " " + i, "other", "needs_review");
        }
        job(TENANT);
        reclassify(5, classifier).chunk(); // learns the model (its statement is not the chunk's)
        assertThat(statements(() -> reclassify(5, classifier).chunk())).isEqualTo(3);
        assertThat(statements(() -> reclassify(30, classifier).chunk())).isEqualTo(3);
    }

    private long statements(Runnable work) {
        superuser.sql("select pg_stat_statements_reset()").query().singleRow();
        work.run();
        return superuser.sql("""
                select coalesce(sum(calls), 0) from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                  and query not ilike '%pg_stat_statements%' and query ~* '(documents|jobs)'
                  and query not ilike '%row_number()%' -- the model's training read, once per job
                """).query(Long.class).single();
    }
}
