package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.faults.Oracle.Sent;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input in the middle of normal traffic. Over HTTP: a body naming another tenant, a body over the size
 * limit, JSON that is not an event batch, a key nobody issued, each refused whole. Straight onto the topic (a
 * connector with Kafka access, or a bug): bytes that are not JSON, an empty value, the wrong shape, invalid
 * UTF-8, nesting past the limit, a broken rule, an event whose key names another tenant, a tenant-id header
 * naming another tenant. Each bad record is dead-lettered, none blocks or changes a document, every
 * acknowledged event is applied.
 */
class HostileInputFaultTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void hostileRequestsAndRecordsAreRefusedOrDeadLetteredAndBlockNothing() throws Exception {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            stack.worker();
            var tenants = stack.tenants(10);
            var victim = tenants.get(0);
            var attacker = tenants.get(1);
            var load = new Load(stack, oracle, tenants, 50, PATIENCE);
            var sending = load.start(2, 40, 50);

            var connector = load.connector();
            // over HTTP: every one of these is refused and nothing of it may reach the store
            var claimed = List.of(new Sent(victim.id(), "hostile-cross", 1, "written by another tenant"));
            var crossTenant = Connector.body(claimed);
            crossTenant.getFirst().put("tenantId", victim.id().toString());
            assertThat(connector.send(attacker.key(), JSON.writeValueAsBytes(Map.of("events", crossTenant)),
                    claimed, PATIENCE)).isEqualTo(Outcome.REJECTED);
            var own = List.of(new Sent(attacker.id(), "hostile-oversized", 1, "x".repeat(11 * 1024 * 1024)));
            assertThat(connector.send(attacker, own, PATIENCE)).isEqualTo(Outcome.REJECTED);
            var notABatch = List.of(new Sent(attacker.id(), "hostile-shape", 1, "x"));
            assertThat(connector.send(attacker.key(), "[{\"events\": 1}]".getBytes(StandardCharsets.UTF_8),
                    notABatch, PATIENCE)).isEqualTo(Outcome.REJECTED);
            var unknownKey = List.of(new Sent(attacker.id(), "hostile-key", 1, "x"));
            assertThat(connector.send("sb_" + "0".repeat(43),
                    JSON.writeValueAsBytes(Map.of("events", Connector.body(unknownKey))), unknownKey, PATIENCE))
                    .isEqualTo(Outcome.REJECTED);

            // straight onto the topic
            var records = new ArrayList<ProducerRecord<byte[], byte[]>>();
            records.add(bad(stack, oracle, "hostile/not-json", "not json at all".getBytes(StandardCharsets.UTF_8)));
            records.add(bad(stack, oracle, "hostile/empty", new byte[0]));
            records.add(bad(stack, oracle, "hostile/shape", "{\"type\":\"DocumentUpserted\",\"externalId\":42}"
                    .getBytes(StandardCharsets.UTF_8)));
            var invalidUtf8 = event(victim.id(), "hostile-utf8", 1, "@@");
            var at = indexOf(invalidUtf8, (byte) '@');
            invalidUtf8[at] = (byte) 0xC3;
            invalidUtf8[at + 1] = (byte) 0x28;
            records.add(bad(stack, oracle, victim.id() + "/hostile-utf8", invalidUtf8));
            records.add(bad(stack, oracle, victim.id() + "/hostile-nested", ("{\"type\":\"DocumentUpserted\","
                    + "\"tenantId\":\"" + victim.id() + "\",\"externalId\":\"hostile-nested\",\"source\":\"faults\","
                    + "\"version\":1,\"metadata\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(101))
                    .getBytes(StandardCharsets.UTF_8)));
            records.add(bad(stack, oracle, victim.id() + "/hostile-rule", event(victim.id(), "hostile-rule", -5, "x")));
            // the attacker's key on an event of the victim's, and the reverse through the tenant-id header
            records.add(bad(stack, oracle, attacker.id() + "/hostile-cross-key",
                    event(victim.id(), "hostile-cross-key", 1, "x")));
            var header = bad(stack, oracle, victim.id() + "/hostile-header",
                    event(victim.id(), "hostile-header", 1, "x"));
            header.headers().add(EventHeaders.TENANT_ID, attacker.id().toString().getBytes(StandardCharsets.UTF_8));
            records.add(header);
            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (var record : records) {
                    producer.send(record).get();
                }
            }

            sending.join();
            stack.awaitDrained(Duration.ofMinutes(1));
            // every bad record reached the dead-letter topic
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.deadLetters().size() >= records.size());
            assertThat(stack.check(oracle)).isEmpty();
            assertThat(stack.jdbc().queryForObject(
                    "select count(*) from documents where external_id like 'hostile-%'", Long.class)).isZero();
            // control: the load was applied around the bad records
            assertThat(oracle.count(Outcome.ACKNOWLEDGED)).isPositive();
        }
    }

    private static ProducerRecord<byte[], byte[]> bad(Stack stack, Oracle oracle, String key, byte[] value) {
        oracle.produced(key);
        return new ProducerRecord<>(stack.topics().events(), key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] event(UUID tenant, String externalId, long version, String content) {
        return EventCodec.write(new DocumentUpserted(tenant, externalId, "faults", version, externalId, content,
                null, null, null, null, null, Map.of(), null));
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + (char) wanted);
    }
}
