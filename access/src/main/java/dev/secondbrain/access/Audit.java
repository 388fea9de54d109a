package dev.secondbrain.access;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;

import java.util.UUID;

/**
 * The audit log ({@code audit_log}, append-only: no service login may update or delete it, and a trigger refuses
 * it to anyone else): one row per destructive or control action, written by the caller in the transaction of the
 * action itself, so the action and its record commit together or not at all.
 */
public final class Audit {

    /** What was done; the column's check constraint lists the same words. */
    public enum Action {
        KEY_ISSUED, KEY_REVOKED, BULK_DELETE, DELETE_ALL, RESTORE, PURGE, JOB_REVERT, SYNC_REVERT,
        SYNC_CONFIRM_DELETIONS, SYNC_ABORT, DEAD_LETTER_REPLAY;

        String value() {
            return name().toLowerCase();
        }
    }

    /** Who did it: an API key (its id), or the admin token (no key). */
    public record Actor(UUID keyId) {

        public static final Actor ADMIN = new Actor(null);

        public static Actor key(UUID keyId) {
            return new Actor(keyId);
        }

        /** The caller of the current request. */
        public static Actor of(Authentication authentication) {
            return authentication instanceof KeyAuthentication key ? key(key.getPrincipal().keyId()) : ADMIN;
        }
    }

    private static final String RECORD = """
            insert into audit_log (tenant_id, actor, actor_key_id, action, target_count, details)
            values (?, ?, ?, ?, ?, cast(? as jsonb))
            """;

    private Audit() {
    }

    /**
     * Records an action of {@code tenant} with the transaction's connection {@code tx}; {@code details} is a JSON
     * object (ids of what was acted on), {@code targetCount} how many things it touched (null: not countable).
     */
    public static void record(JdbcClient tx, UUID tenant, Actor actor, Action action, Long targetCount,
                              String details) {
        tx.sql(RECORD).params(tenant, actor.keyId() == null ? "admin" : "key", actor.keyId(), action.value(),
                targetCount, details == null ? "{}" : details).update();
    }
}
