package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.faults.Oracle.Sent;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control of the oracle itself: after a clean run it finds nothing, and each way of breaking a
 * guarantee, done to the real store and topics by hand, is reported.
 */
class OracleTests {

    @Test
    void everyBrokenGuaranteeIsReported() throws Exception {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var tenant = stack.tenants(1).getFirst();
            var connector = new Connector(stack.ingestUrl(), oracle);
            var live = new Sent(tenant.id(), "live", 2, "second version");
            var deleted = new Sent(tenant.id(), "deleted", 2, null);
            var lost = new Sent(tenant.id(), "lost", 1, "will be lost");
            connector.send(tenant, List.of(new Sent(tenant.id(), "live", 1, "first version"),
                    new Sent(tenant.id(), "deleted", 1, "before the delete"), lost), Duration.ofSeconds(30));
            connector.send(tenant, List.of(live, deleted), Duration.ofSeconds(30));
            // a rejected event (a negative version is invalid) must never be applied
            assertThat(connector.send(tenant, List.of(new Sent(tenant.id(), "rejected", -1, "x")),
                    Duration.ofSeconds(30))).isEqualTo(Outcome.REJECTED);
            stack.worker();
            stack.awaitDrained(Duration.ofSeconds(60));
            assertThat(stack.check(oracle)).isEmpty();

            var jdbc = stack.jdbc();
            jdbc.update("delete from documents where external_id = 'lost'");
            jdbc.update("update documents set version = 1, content = 'first version' where external_id = 'live'");
            jdbc.update("update documents set deleted_at = null, deleted_by = null, purged_at = null, content = 'before the delete'"
                    + " where external_id = 'deleted'");
            jdbc.update("insert into documents (tenant_id, external_id, source, version, content)"
                    + " values (?, 'rejected', 'faults', -1, 'x')", tenant.id());
            jdbc.update("update consumer_offsets set next_offset = next_offset - 1"
                    + " where kafka_partition = (select min(kafka_partition) from consumer_offsets)");
            oracle.produced("a-bad-record-nobody-produced");
            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                producer.send(new ProducerRecord<>(stack.topics().deadLetter(), EventCodec.write(
                        new DocumentUpserted(tenant.id(), "deleted", "faults", 1, "deleted", "before the delete",
                                null, null, null, null, null, Map.of(), null)))).get();
            }

            assertThat(stack.check(oracle)).satisfiesExactlyInAnyOrder(
                    v -> assertThat(v).startsWith("acknowledged " + lost).contains("lost"),
                    v -> assertThat(v).startsWith("acknowledged " + live).contains("lost"),
                    v -> assertThat(v).contains("deleted").contains("instead of " + deleted),
                    v -> assertThat(v).contains("rejected").contains("which no client had accepted"),
                    v -> assertThat(v).startsWith("dead-lettered " + new Sent(tenant.id(), "deleted", 1,
                            "before the delete")),
                    v -> assertThat(v).isEqualTo("bad record a-bad-record-nobody-produced was not dead-lettered"),
                    v -> assertThat(v).startsWith("document " + tenant.id() + "/live went from version 2 to version 1"),
                    v -> assertThat(v).isEqualTo("document " + tenant.id()
                            + "/deleted went from version 2 (deleted) to version 2"),
                    v -> assertThat(v).contains("moved back"),
                    v -> assertThat(v).contains("but the stored offset is"));
        }
    }

    @Test
    void anEventTheClientCouldNotConfirmMayBeAppliedOrNot() {
        var oracle = new Oracle();
        var event = new Sent(UUID.randomUUID(), "maybe", 1, "content");
        oracle.record(List.of(event), Outcome.INDETERMINATE);
        assertThat(oracle.count(Outcome.INDETERMINATE)).isOne();
        // a retry that got through makes it acknowledged; a later failure cannot make it less
        oracle.record(List.of(event), Outcome.ACKNOWLEDGED);
        oracle.record(List.of(event), Outcome.INDETERMINATE);
        assertThat(oracle.acknowledged()).containsExactly(event);
    }
}
