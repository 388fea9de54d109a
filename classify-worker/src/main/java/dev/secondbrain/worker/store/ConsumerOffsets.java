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
 * so a batch and its position commit together or not at all. An offset never moves back: a worker that lost
 * its partitions in a rebalance and commits late cannot undo the progress of the new owner (its rows are
 * harmless anyway, the version guard drops them).
 */
public final class ConsumerOffsets {

    private static final String READ = """
            select kafka_partition, next_offset from consumer_offsets
            where consumer_group = ? and topic = ? and kafka_partition = any(?::int[])
            """;

    private static final String SAVE = """
            insert into consumer_offsets as o (consumer_group, topic, kafka_partition, next_offset)
            select ?, ?, p.kafka_partition, p.next_offset
            from unnest(?::int[], ?::bigint[]) as p(kafka_partition, next_offset)
            on conflict (consumer_group, topic, kafka_partition) do update
                set next_offset = excluded.next_offset, updated_at = now()
                where o.next_offset < excluded.next_offset
            """;

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

    /** Saves next offsets (all of one topic, as a batch comes from one topic); partitions in order. */
    public void save(Map<TopicPartition, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        var sorted = new TreeMap<Integer, Long>();
        nextOffsets.forEach((p, offset) -> sorted.put(p.partition(), offset));
        var topic = nextOffsets.keySet().iterator().next().topic();
        jdbc.update(SAVE, ps -> SqlArrays.on(ps).bind(group).bind(topic)
                .bind("int4", sorted.keySet().toArray(Integer[]::new))
                .bind("int8", sorted.values().toArray(Long[]::new)));
    }
}
