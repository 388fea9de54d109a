package dev.secondbrain.schemas;

import dev.secondbrain.testkit.FreshDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A service that does not own migrations waits for the intake's, then validates. */
class StoreSchemaIntegrationTests {

    private static final Duration PAUSE = Duration.ofMillis(100);

    @Test
    void waitsWhileMigrationsArePendingAndGoesOnOnceTheOwnerAppliedThem() {
        var database = FreshDatabase.create().dataSource();
        var validating = CompletableFuture.runAsync(() ->
                StoreSchema.awaitMigrated(Flyway.configure().dataSource(database).load(), PAUSE));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !validating.isDone());
        Flyway.configure().dataSource(database).load().migrate(); // the intake

        await().atMost(Duration.ofSeconds(30)).until(validating::isDone);
        assertThat(validating).isCompleted();
    }

    @Test
    void aSchemaThatDiffersFromItsMigrationsFailsAtOnce() throws Exception {
        var database = FreshDatabase.create().dataSource();
        var flyway = Flyway.configure().dataSource(database).load();
        flyway.migrate();
        StoreSchema.awaitMigrated(flyway, PAUSE); // control: the same schema passes

        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("update flyway_schema_history set checksum = checksum + 1 where version = '1'");
        }
        assertThatThrownBy(() -> StoreSchema.awaitMigrated(flyway, PAUSE)).isInstanceOf(FlywayValidateException.class);
    }
}
