package dev.secondbrain.worker.store;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a database error caused by the data (retrying cannot help: isolate the record) from a transient
 * one (retry the whole batch). Decided on the SQLSTATE class, since the driver's exception types do not
 * separate "value refused" from "connection lost" reliably.
 */
public final class DataRejected {

    /**
     * 22 data exception (bad timestamp, untranslatable character, ...), 23 integrity constraint (a CHECK),
     * 54 program limit exceeded (tsvector or index row too large). Everything else (08 connection, 40
     * serialization/deadlock, 55P03 lock timeout, 57014 statement timeout, 57P01 shutdown, no SQLSTATE at
     * all such as a pool timeout) is retried. A 42 (syntax) would be our own bug: it would reject every
     * record, so it is retried and stays visible in the logs and metrics rather than dead-lettering all.
     */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    private DataRejected() {
    }

    public static boolean by(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5) {
                return DATA_CLASSES.contains(sql.getSQLState().substring(0, 2));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
