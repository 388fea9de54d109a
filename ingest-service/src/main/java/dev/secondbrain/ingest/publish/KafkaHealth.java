package dev.secondbrain.ingest.publish;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kafka} in the readiness group: the cluster the intake publishes to answers within 3 s. Without it
 * every {@code POST /v1/events} would end in 503, so a load balancer should send connectors elsewhere.
 */
@Component("kafka")
class KafkaHealth implements HealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;

    KafkaHealth(KafkaProperties kafka) {
        var config = new HashMap<>(kafka.buildAdminProperties());
        // the producer's cluster is the one that matters, should the producer be configured apart
        var producerServers = kafka.buildProducerProperties().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (producerServers != null) {
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, producerServers);
        }
        this.admin = Admin.create(config);
    }

    @Override
    public Health health() {
        try {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().withDetail("brokers", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    @Override
    public void destroy() {
        admin.close(TIMEOUT);
    }
}
