package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.embedded.KafkaBroker;
import dev.secondbrain.embedded.PostgresServer;
import dev.secondbrain.worker.WorkerApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Drains a pre-filled topic with real worker instances (the classify-worker application, as deployed) and
 * times it from the moment the workers are started until their stored offsets reach the topic's end.
 */
final class WorkerDrain {

    /** One drain: its steady rate in events per second, and the database (and its name) and topic it used. */
    record Drained(double eventsPerSecond, DataSource database, String databaseName, String topic) {
    }

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final Network network;

    WorkerDrain(PostgresServer postgres, KafkaBroker kafka, Network network) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.network = network;
    }

    /**
     * Fills a fresh topic with {@code events}, then drains it into a fresh database with {@code workers} instances,
     * which reach PostgreSQL through the delaying proxy when {@code delayed}.
     */
    Drained drain(List<? extends DocumentEvent> events, int workers, int maxPollRecords, boolean delayed)
            throws Exception {
        var name = Bench.migrate(postgres, "bench_drain");
        var database = Bench.dataSource(postgres, name);
        // statement counts from here on are the workers' (and the bench's polling), not the migration's
        JdbcClient.create(database).sql("select pg_stat_statements_reset()").query().listOfRows();
        var topic = "bench.events." + UUID.randomUUID();
        kafka.createTopics(topic, topic + ".dlt");
        TopicFill.fill(kafka.bootstrapServers(), topic, events);
        var url = delayed ? network.delayedUrl(name) : network.directUrl(name);
        return new Drained(run(url, database, topic, events.size(), workers, maxPollRecords), database, name, topic);
    }

    Drained drain(List<? extends DocumentEvent> events, int workers, int maxPollRecords) throws Exception {
        return drain(events, workers, maxPollRecords, false);
    }

    /** Drains {@code events} more records appended to an already drained topic and database; events/s. */
    double drainMore(Drained earlier, List<? extends DocumentEvent> events, long alreadyApplied) throws Exception {
        TopicFill.fill(kafka.bootstrapServers(), earlier.topic(), events);
        return run(network.directUrl(earlier.databaseName()), earlier.database(), earlier.topic(),
                alreadyApplied + events.size(), 1, 1000);
    }

    private double run(String url, DataSource database, String topic, long endOffsetSum, int workers,
                       int maxPollRecords) {
        String[] arguments = {
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--pipeline.topics.events=" + topic,
                "--pipeline.topics.dead-letter=" + topic + ".dlt",
                "--pipeline.topics.create=false",
                "--pipeline.worker.max-poll-records=" + maxPollRecords,
                "--spring.flyway.enabled=false"};
        var started = new ArrayList<ConfigurableApplicationContext>();
        try {
            for (int i = 0; i < workers; i++) {
                // each instance its own static group member, as separate hosts would be
                var instance = "--pipeline.worker.instance-id=bench-" + i;
                started.add(WorkerApplication.application().run(java.util.stream.Stream.concat(
                        java.util.Arrays.stream(arguments), java.util.stream.Stream.of(instance)).toArray(String[]::new)));
            }
            return awaitOffsets(JdbcClient.create(database), topic, endOffsetSum);
        } finally {
            started.forEach(ConfigurableApplicationContext::close);
        }
    }

    /**
     * Waits until the stored offsets reach the end and returns the steady rate: measured from the first
     * committed batch, so application start-up and the first partition assignment are not counted.
     */
    private static double awaitOffsets(JdbcClient jdbc, String topic, long endOffsetSum) {
        long deadline = System.nanoTime() + 20L * 60 * 1_000_000_000L;
        long firstAt = 0;
        long firstApplied = 0;
        while (System.nanoTime() < deadline) {
            long applied = jdbc.sql("select coalesce(sum(next_offset), 0) from consumer_offsets where topic = ?")
                    .param(topic).query(Long.class).single();
            long now = System.nanoTime();
            if (firstAt == 0 && applied > 0) {
                firstAt = now;
                firstApplied = applied;
            }
            if (applied >= endOffsetSum) {
                return now == firstAt ? Double.NaN : (applied - firstApplied) / ((now - firstAt) / 1e9);
            }
            LockSupport.parkNanos(5_000_000L); // poll the stored offsets every 5 ms
        }
        throw new IllegalStateException("the workers did not drain " + topic + " within 20 minutes");
    }
}
