package dev.secondbrain.ingest.publish;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;

/**
 * The one producer of the intake, shared by all requests (KafkaProducer is thread-safe and batches
 * concurrent requests together). {@code spring.kafka.*} supplies the connection (bootstrap servers,
 * security); the properties below are the intake's contract and override it.
 */
@Configuration(proxyBeanMethods = false)
class ProducerWiring {

    @Bean(destroyMethod = "") // closed by EventPublisher with a bounded wait
    Producer<String, byte[]> eventProducer(KafkaProperties kafka, PublishSettings settings) {
        var config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // 202 promises that the event survives a broker loss: every in-sync replica must have it
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // retries after a lost acknowledgement must not write a record twice or reorder a key's versions
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long timeoutMs = settings.timeout().toMillis();
        // send() waits for topic metadata or buffer space; a broker that is down must give 503, not a hang
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        // the acknowledgement, retries included, arrives within the timeout or the request gets 503
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        // must fit in delivery.timeout.ms together with linger.ms (the client checks it)
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeoutMs - settings.linger().toMillis() - 100));
        // a 1 MiB content escaped as JSON can exceed the default 1 MB request limit
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) settings.maxRecordSize().toBytes());
        // room for several 10 MiB requests in flight before send() has to wait
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferMemory().toBytes());
        // a request waits for its acknowledgement, so the linger is latency added to every request
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        // a 100-event request of ~1 KB documents goes out as one batch per partition instead of many
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // document text compresses several-fold: less network and disk, and large records fit the broker limit
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config);
    }
}
