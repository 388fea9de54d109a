package dev.secondbrain.faults;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients were told, and the check of the store against it once the pipeline has drained (after
 * Kafka's own system tests: the acknowledged set must equal the consumed set, and Jepsen's Kafka checker).
 * Every event a client sent is recorded with the answer it finally got: acknowledged (202), rejected (4xx)
 * or indeterminate (503, timeout, connection lost: it may or may not be in Kafka). The check then requires:
 * <ul>
 *   <li>every acknowledged event is applied (the key's row is at its version or a newer one) or dead-lettered;</li>
 *   <li>exactly one row per key, at a version some client sent and had acknowledged or left indeterminate, with
 *       that event's state: its content, or a tombstone for a delete (so a tombstone is never resurrected by
 *       an older upsert, and a row never goes back to an older version);</li>
 *   <li>no row for a key nobody sent, no rejected event applied;</li>
 *   <li>every bad record a test produced is on the dead-letter topic, and nothing else is there;</li>
 *   <li>no document's version ever moved back, no tombstone came back to life without a newer version, and the
 *       stored offsets never moved back (recorded by triggers as they happen, see {@link Stack}); the stored
 *       offsets cover the whole topic.</li>
 * </ul>
 */
final class Oracle {

    enum Outcome { ACKNOWLEDGED, INDETERMINATE, REJECTED }

    /** One event as sent: a delete has no content. */
    record Sent(UUID tenant, String externalId, long version, String content) {

        boolean delete() {
            return content == null;
        }

        Key key() {
            return new Key(tenant, externalId);
        }
    }

    record Key(UUID tenant, String externalId) {
    }

    /** The final answer per event: acknowledged wins over indeterminate (a retry got through). */
    private final Map<Sent, Outcome> history = new ConcurrentHashMap<>();
    /** Keys of the bad records a test produced straight to the topic: each must be dead-lettered. */
    private final Set<String> bad = ConcurrentHashMap.newKeySet();

    void record(Collection<Sent> events, Outcome outcome) {
        for (var event : events) {
            history.merge(event, outcome, (before, now) -> before.compareTo(now) <= 0 ? before : now);
        }
    }

    /** A record that the worker must dead-letter was produced with this key. */
    void produced(String badRecordKey) {
        bad.add(badRecordKey);
    }

    long count(Outcome outcome) {
        return history.values().stream().filter(outcome::equals).count();
    }

    Set<Sent> acknowledged() {
        var acknowledged = new HashSet<Sent>();
        history.forEach((event, outcome) -> {
            if (outcome == Outcome.ACKNOWLEDGED) {
                acknowledged.add(event);
            }
        });
        return acknowledged;
    }

    /** The stored row of a key as the check reads it. */
    record Row(long version, boolean deleted, String content) {
    }

    /**
     * The violations of the guarantees in the store of {@code stack} (empty when every guarantee holds);
     * {@code deadLetters} are the records found on the dead-letter topic.
     */
    List<String> violations(Stack stack, List<Stack.DeadLetter> deadLetters) {
        var violations = new ArrayList<String>();
        var deadLettered = new HashSet<Sent>();
        var deadLetteredKeys = new HashSet<String>();
        for (var letter : deadLetters) {
            deadLetteredKeys.add(letter.key());
            if (letter.key() == null || !bad.contains(letter.key())) {
                violations.add("dead-lettered " + (letter.event() != null ? letter.event() : "record " + letter.key())
                        + " (only bad records may be)");
            }
            if (letter.event() != null) {
                deadLettered.add(letter.event());
            }
        }
        for (var key : bad) {
            if (!deadLetteredKeys.contains(key)) {
                violations.add("bad record " + key + " was not dead-lettered");
            }
        }
        var rows = rows(stack.jdbc());
        var byKey = new HashMap<Key, Map<Long, Sent>>();
        history.forEach((event, outcome) -> {
            if (outcome != Outcome.REJECTED) {
                byKey.computeIfAbsent(event.key(), k -> new HashMap<>()).put(event.version(), event);
            }
        });
        history.forEach((event, outcome) -> {
            var row = rows.get(event.key());
            if (outcome == Outcome.ACKNOWLEDGED && !deadLettered.contains(event)
                    && (row == null || row.version() < event.version())) {
                violations.add("acknowledged " + event + " lost: row " + row);
            }
        });
        rows.forEach((key, row) -> {
            var event = byKey.getOrDefault(key, Map.of()).get(row.version());
            if (event == null) {
                violations.add(key + " stored at version " + row.version() + ", which no client had accepted");
            } else if (event.delete() != row.deleted() || !event.delete() && !event.content().equals(row.content())) {
                violations.add(key + " at version " + row.version() + " is " + row + " instead of " + event);
            }
        });
        violations.addAll(stack.regressions());
        return violations;
    }

    private static Map<Key, Row> rows(JdbcTemplate jdbc) {
        var rows = new HashMap<Key, Row>();
        var duplicates = new ArrayList<Key>();
        jdbc.query("select tenant_id, external_id, version, deleted_at is not null, content from documents", rs -> {
            var key = new Key(rs.getObject(1, UUID.class), rs.getString(2));
            if (rows.put(key, new Row(rs.getLong(3), rs.getBoolean(4), rs.getString(5))) != null) {
                duplicates.add(key);
            }
        });
        if (!duplicates.isEmpty()) {
            throw new AssertionError("more than one row for " + duplicates);
        }
        return rows;
    }
}
