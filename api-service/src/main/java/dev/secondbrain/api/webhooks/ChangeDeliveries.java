package dev.secondbrain.api.webhooks;

import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The change feed's side of webhooks: the instance's one consumer of the changes topic hands each batch here, and one
 * statement (in one transaction) queues a {@code document.changed} delivery for every subscribed endpoint of each
 * change's tenant and moves the consumer's stored position past the batch. The consumer resumes from that position
 * after a restart: what was read but not queued is read again, and queued twice it is still one delivery (the event
 * id is the conflict key: the SHA-256 of the change's JSON, so also a duplicate the feed published twice is one).
 */
@Component
public class ChangeDeliveries {

    private static final Logger log = LoggerFactory.getLogger(ChangeDeliveries.class);
    private static final String ENQUEUE = "select webhook_enqueue_changes(?, ?, ?, ?, ?, ?)";
    private static final String POSITION = "select kafka_partition, next_offset from webhook_feed_offsets where topic = ?";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    ChangeDeliveries(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Where the consumer stands on {@code topic}: the next offset per partition (empty the first time). */
    public Map<Integer, Long> position(String topic) {
        var position = new TreeMap<Integer, Long>();
        jdbc.sql(POSITION).param(topic).query((rs, n) -> position.put(rs.getInt(1), rs.getLong(2))).list();
        return position;
    }

    /** Queues the batch's deliveries and stores {@code next} (partition to next offset) as one transaction. */
    public void enqueue(String topic, List<ConsumerRecord<String, byte[]>> batch, Map<Integer, Long> next) {
        var tenants = new ArrayList<UUID>();
        var ids = new ArrayList<String>();
        var bodies = new ArrayList<String>();
        for (var record : batch) {
            var body = body(record);
            if (body != null) {
                tenants.add(body.tenant());
                ids.add(body.id());
                bodies.add(body.json());
            }
        }
        var partitions = new TreeMap<>(next);
        transaction.executeWithoutResult(status -> jdbc.sql(ENQUEUE).params(topic, tenants.toArray(UUID[]::new),
                ids.toArray(String[]::new), bodies.toArray(String[]::new),
                partitions.keySet().toArray(Integer[]::new), partitions.values().toArray(Long[]::new))
                .query(Long.class).single());
    }

    private record Body(UUID tenant, String id, String json) {
    }

    /** The webhook body of a change, or null for a record that is not a change of a tenant (logged, skipped). */
    private static Body body(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(EventHeaders.TENANT_ID);
        try {
            var tenant = UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
            var mapper = EventCodec.mapper();
            var change = mapper.readTree(record.value());
            var id = "evt_" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(record.value()), 0, 16);
            var body = mapper.createObjectNode().put("id", id).put("type", "document.changed");
            body.set("createdAt", change.get("committedAt"));
            body.set("data", change);
            return new Body(tenant, id, mapper.writeValueAsString(body));
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            log.warn("a record of the changes topic is not a tenant's change ({}-{}), skipped: {}", record.partition(),
                    record.offset(), e.toString());
            return null;
        }
    }
}
