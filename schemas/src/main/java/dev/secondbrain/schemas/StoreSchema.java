package dev.secondbrain.schemas;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Who changes the store's schema: the intake alone migrates it (Flyway {@code migrate} at its startup, as the
 * database owner). The worker, the change feed and the API only validate: at startup each waits while the schema
 * is behind the migrations it was built with (the intake has not started yet, or has not migrated to a newer
 * version yet), then validates; until then it has not started, so it is not ready. A schema that differs from the
 * migrations (a changed checksum) fails the start at once: waiting would not mend it.
 */
public final class StoreSchema {

    private static final Logger log = LoggerFactory.getLogger(StoreSchema.class);
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private StoreSchema() {
    }

    /** Waits until every migration is applied, then validates: Spring Boot's migration strategy of a non-owner. */
    public static void awaitMigrated(Flyway flyway) {
        awaitMigrated(flyway, PAUSE);
    }

    static void awaitMigrated(Flyway flyway, Duration pause) {
        long waitingSince = System.nanoTime();
        String behind;
        while ((behind = behind(flyway)) != null) {
            log.warn("the store's schema is not there yet ({}), waiting {} s for the intake to migrate it; "
                    + "looking again in {}", behind, Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds(), pause);
            try {
                Thread.sleep(pause); // between two looks at the schema history
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the store's schema", e);
            }
        }
        flyway.validate();
    }

    /** What is missing, or null when every migration this service knows is applied. */
    private static String behind(Flyway flyway) {
        try {
            var pending = flyway.info().pending();
            return pending.length == 0 ? null : pending.length + " migration(s) not applied, the first "
                    + pending[0].getVersion() + " " + pending[0].getDescription();
        } catch (FlywayException e) {
            return "the database does not answer: " + e.getMessage();
        }
    }
}
