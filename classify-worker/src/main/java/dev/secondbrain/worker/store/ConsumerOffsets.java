package dev.secondbrain.worker.store;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The worker's consumer offsets, kept in PostgreSQL and written in the transaction of the batch they cover,
 * so a batch and its position commit together or not at all. A batch commits only if no other consumer has
 * committed any of its records: the stored offset of each of its partitions must not be past the batch's
 * first record. A worker that lost its partitions in a rebalance (stalled past max.poll.interval.ms) and
 * comes back with its old batch is refused ({@link OffsetsTaken}) and its whole transaction rolls back, so
 * offsets never move back and no batch's sync tallies count twice.
 */
public final class ConsumerOffsets {

    private static final String READ = """
            select kafka_partition, next_offset from consumer_offsets
            where consumer_group = ? and topic = ? and kafka_partition = any(?::int[])
            """;

    private static final String SAVE = """
            with batch (kafka_partition, first_offset, next_offset) as (
                select * from unnest(?::int[], ?::bigint[], ?::bigint[]))
            insert into consumer_offsets as o (consumer_group, topic, kafka_partition, next_offset)
            select ?, ?, kafka_partition, next_offset from batch
            on conflict (consumer_group, topic, kafka_partition) do update
                set next_offset = excluded.next_offset, updated_at = now()
                where o.next_offset <= (select b.first_offset from batch b where b.kafka_partition = o.kafka_partition)
            """;

    /** The offsets one batch read from one partition: its first record and the offset after its last. */
    public record Span(long first, long next) {
    }

    private final JdbcTemplate jdbc;
    private final String group;

    public ConsumerOffsets(JdbcTemplate jdbc, String group) {
        this.jdbc = jdbc;
        this.group = group;
    }

    /** Stored next offsets of the partitions that have one. */
    public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
        var byTopic = new HashMap<String, List<Integer>>();
        partitions.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
        var stored = new HashMap<TopicPartition, Long>();
        byTopic.forEach((topic, numbers) -> jdbc.query(READ,
                ps -> SqlArrays.on(ps).bind(group).bind(topic).bind("int4", numbers.toArray(Integer[]::new)),
                row -> {
                    stored.put(new TopicPartition(topic, row.getInt(1)), row.getLong(2));
                }));
        return stored;
    }

    /**
     * Saves the batch's next offsets (all of one topic, as a batch comes from one topic; partitions in order),
     * or throws {@link OffsetsTaken} when another consumer committed records of the batch first.
     */
    public void save(Map<TopicPartition, Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        var sorted = new TreeMap<Integer, Span>();
        spans.forEach((p, span) -> sorted.put(p.partition(), span));
        var topic = spans.keySet().iterator().next().topic();
        int saved = jdbc.update(SAVE, ps -> SqlArrays.on(ps)
                .bind("int4", sorted.keySet().toArray(Integer[]::new))
                .bind("int8", sorted.values().stream().map(Span::first).toArray(Long[]::new))
                .bind("int8", sorted.values().stream().map(Span::next).toArray(Long[]::new))
                .bind(group).bind(topic));
        if (saved != sorted.size()) {
            throw new OffsetsTaken("records of this batch of " + topic + " " + sorted + " were already committed"
                    + " in group " + group + " (by the partition's new owner, or by an attempt reported as failed)");
        }
    }
}
