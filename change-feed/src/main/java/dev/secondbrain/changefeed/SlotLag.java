package dev.secondbrain.changefeed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How much WAL the feed's replication slot holds: the distance from the database's current WAL position to the
 * position the feed last confirmed. PostgreSQL keeps every byte of it until the feed confirms, so a feed that cannot
 * publish (topic missing, broker away, a failing engine) fills the database's disk. The gauge
 * {@code pipeline.change_feed.slot_lag} (bytes; NaN before the slot exists or while the database does not answer)
 * says how much; {@link ChangeFeedHealth} is DOWN past {@code pipeline.change-feed.max-slot-lag}. Every instance,
 * standbys too, reports the one slot.
 */
final class SlotLag {

    private static final String LAG = """
            select pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint
            from pg_replication_slots where slot_name = ?""";
    /** Probes and scrapes within this share one look. */
    private static final Duration REUSE = Duration.ofSeconds(2);

    private record Look(OptionalLong bytes, long atNanos) {
    }

    private final JdbcClient jdbc;
    private final String slot;
    private volatile Look last;

    SlotLag(JdbcClient jdbc, String slot, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.slot = slot;
        Gauge.builder("pipeline.change_feed.slot_lag", this, s -> s.bytes().isPresent() ? s.bytes().getAsLong() : Double.NaN)
                .baseUnit("bytes").description("WAL the feed's replication slot holds (not yet confirmed by the feed)")
                .tag("slot", slot).register(registry);
    }

    String slot() {
        return slot;
    }

    /** The slot's lag, or empty before the slot exists or while the database does not answer. */
    OptionalLong bytes() {
        var current = last;
        if (current != null && System.nanoTime() - current.atNanos() < REUSE.toNanos()) {
            return current.bytes();
        }
        OptionalLong bytes;
        try {
            bytes = jdbc.sql(LAG).param(slot).query(Long.class).optional()
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
        } catch (RuntimeException e) {
            bytes = OptionalLong.empty();
        }
        last = new Look(bytes, System.nanoTime());
        return bytes;
    }
}
