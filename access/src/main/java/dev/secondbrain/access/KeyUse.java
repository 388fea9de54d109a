package dev.secondbrain.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.UUID;

/**
 * Records that a key was used ({@code api_keys.last_used_at}) at most once a minute per key: this instance writes
 * on a key's first request of a minute, and the database function {@code api_key_used} skips the write when another
 * instance did it within the minute. Never a write per request, and never a request refused because of it.
 */
final class KeyUse {

    private static final Logger log = LoggerFactory.getLogger(KeyUse.class);
    private static final Duration EVERY = Duration.ofMinutes(1);
    private static final String USED = "select api_key_used(?)";

    private final JdbcClient jdbc;
    private final Cache<UUID, Boolean> written = Caffeine.newBuilder().expireAfterWrite(EVERY).maximumSize(100_000)
            .build();

    KeyUse(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void used(UUID keyId) {
        if (written.asMap().putIfAbsent(keyId, Boolean.TRUE) != null) {
            return;
        }
        try {
            jdbc.sql(USED).param(keyId).query((row, n) -> 1).list();
        } catch (DataAccessException e) {
            log.debug("last_used_at of key {} not written: {}", keyId, e.toString());
        }
    }
}
