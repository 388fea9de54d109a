package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Sent;
import dev.secondbrain.local.LocalOptions;
import dev.secondbrain.local.LocalPipeline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On demand (not a *Tests class): how long partitions stop when a worker process is killed with {@code kill -9}
 * under a steady load. The local stack runs every service as its own JVM with two worker processes and a
 * supervisor that starts the killed one again; a trigger logs every committed batch per partition, and the
 * figure is the longest gap between two consecutive commits of each partition from just before the kill until
 * both workers run again, split by whose partition it was (the killed worker's or the survivor's).
 * <pre>
 * ./mvnw -pl faults -am verify -Dtest=WorkerFailoverMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class WorkerFailoverMeasurement {

    private static final String GROUP = Stack.GROUP;
    /** Requests of {@link #EVENTS_PER_REQUEST} upserts per second: every partition gets records all the time. */
    private static final int REQUESTS_PER_SECOND = 10;
    private static final int EVENTS_PER_REQUEST = 20;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void longestPausePerPartitionWhenAWorkerProcessIsKilled() throws Exception {
        try (var pipeline = LocalPipeline.start(LocalOptions.throwaway().withWorkers(2).withRestartServices(true))) {
            var stack = Stack.over(pipeline);
            logCommits(stack);
            var oracle = new Oracle();
            var traffic = new SteadyTraffic(new Connector(stack.ingestUrl(), oracle), stack.tenants(50));
            var sender = Thread.ofPlatform().name("steady-traffic").start(traffic);
            var partitions = stack.endOffsets().size();
            await().atMost(Duration.ofMinutes(3)).until(() -> committedPartitionsSince(stack, "-5 seconds") == partitions);

            var victim = pipeline.service("classify-worker-2");
            var owners = owners(pipeline.bootstrapServers());
            var killedPid = victim.process().orElseThrow().pid();
            var killedAt = stack.jdbc().queryForObject("select clock_timestamp()", java.sql.Timestamp.class);
            victim.process().orElseThrow().destroyForcibly().waitFor();
            long killedNanos = System.nanoTime();

            await().atMost(Duration.ofMinutes(5)).until(() -> victim.process().filter(p -> p.pid() != killedPid).isPresent());
            victim.awaitReady();
            var restartedAfter = Duration.ofNanos(System.nanoTime() - killedNanos);
            var ready = Instant.now();
            // both workers consume again: every partition committed in the last 3 s, 30 s after the restart
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Instant.now().isAfter(ready.plusSeconds(30))
                            && committedPartitionsSince(stack, "-3 seconds") == partitions);
            traffic.stop();
            sender.join();
            var survivors = owners(pipeline.bootstrapServers()).values();
            stack.awaitDrained(Duration.ofMinutes(3));

            var gaps = longestGaps(stack, killedAt);
            System.out.println(report(gaps, owners, survivors, restartedAfter, steadyGap(stack, killedAt)));
            assertThat(stack.check(oracle)).as("nothing lost or doubled").isEmpty();
        }
    }

    /** Every insert or update of a stored offset (one per partition per committed batch), with its time. */
    private static void logCommits(Stack stack) {
        stack.jdbc().execute("""
                create table fault_commits (kafka_partition int not null, at timestamptz not null);
                create function fault_log_commit() returns trigger language plpgsql as $$
                begin
                    insert into fault_commits values (new.kafka_partition, clock_timestamp());
                    return new;
                end $$;
                create trigger fault_commit after insert or update on consumer_offsets for each row
                    execute function fault_log_commit();
                """);
    }

    private static int committedPartitionsSince(Stack stack, String interval) {
        return stack.jdbc().queryForObject("""
                select count(distinct kafka_partition) from fault_commits
                where at > clock_timestamp() + ?::interval""", Integer.class, interval);
    }

    /** Per partition, the longest time between two consecutive commits from {@code from} on, in seconds. */
    private static Map<Integer, Double> longestGaps(Stack stack, java.sql.Timestamp from) {
        var gaps = new TreeMap<Integer, Double>();
        stack.jdbc().query("""
                select kafka_partition, extract(epoch from max(gap))
                from (select kafka_partition, at - lag(at) over (partition by kafka_partition order by at) as gap
                      from fault_commits where at >= ?::timestamptz - interval '2 seconds') g
                group by kafka_partition""", rs -> {
            gaps.put(rs.getInt(1), rs.getDouble(2));
        }, from);
        return gaps;
    }

    /** The longest gap of any partition in the 20 s before the kill: the pause a partition sees anyway. */
    private static double steadyGap(Stack stack, java.sql.Timestamp killedAt) {
        return stack.jdbc().queryForObject("""
                select coalesce(extract(epoch from max(gap)), 0)
                from (select at - lag(at) over (partition by kafka_partition order by at) as gap
                      from fault_commits
                      where at between ?::timestamptz - interval '20 seconds' and ?::timestamptz) g""",
                Double.class, killedAt, killedAt);
    }

    /** Which group member (its member id) held each partition of the events topic. */
    private static Map<Integer, String> owners(String bootstrapServers) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var group = admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP);
            var owners = new HashMap<Integer, String>();
            group.members().forEach(member -> member.assignment().topicPartitions()
                    .forEach(p -> owners.put(p.partition(), member.consumerId())));
            return owners;
        }
    }

    private static String report(Map<Integer, Double> gaps, Map<Integer, String> owners,
                                 java.util.Collection<String> membersAfter, Duration restartedAfter, double steadyGap) {
        var text = new StringBuilder("\nLongest pause per partition after kill -9 of a worker process (killed worker ready again after ")
                .append(restartedAfter.toSeconds()).append(" s; longest pause of any partition in the 20 s before the kill: ")
                .append(String.format("%.1f s", steadyGap))
                .append(")\n| partition | owner before the kill | longest pause |\n|---|---|---|\n");
        double killedMax = 0;
        double survivorMax = 0;
        for (var entry : gaps.entrySet()) {
            var owner = owners.get(entry.getKey());
            boolean killed = owner != null && !membersAfter.contains(owner);
            text.append(String.format("| %d | %s | %.1f s |%n", entry.getKey(), killed ? "killed" : "survivor", entry.getValue()));
            if (killed) {
                killedMax = Math.max(killedMax, entry.getValue());
            } else {
                survivorMax = Math.max(survivorMax, entry.getValue());
            }
        }
        return text.append(String.format("longest pause: killed worker's partitions %.1f s, survivor's partitions %.1f s%n",
                killedMax, survivorMax)).toString();
    }

    /** One client sending {@link #REQUESTS_PER_SECOND} requests of new versions of random keys until stopped. */
    private static final class SteadyTraffic implements Runnable {

        private final Connector connector;
        private final List<Connector.Tenant> tenants;
        private final Map<Oracle.Key, Long> versions = new HashMap<>();
        private final Random random = new Random(42);
        private final AtomicBoolean running = new AtomicBoolean(true);

        SteadyTraffic(Connector connector, List<Connector.Tenant> tenants) {
            this.connector = connector;
            this.tenants = tenants;
        }

        @Override
        public void run() {
            long interval = TimeUnit.SECONDS.toNanos(1) / REQUESTS_PER_SECOND;
            long next = System.nanoTime();
            while (running.get()) {
                var tenant = tenants.get(random.nextInt(tenants.size()));
                var events = new ArrayList<Sent>();
                for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                    var externalId = "doc-" + i + "-" + random.nextInt(20);
                    if (events.stream().noneMatch(e -> e.externalId().equals(externalId))) {
                        long version = versions.merge(new Oracle.Key(tenant.id(), externalId), 1L, Long::sum);
                        events.add(new Sent(tenant.id(), externalId, version, "v" + version + " " + random.nextLong()));
                    }
                }
                connector.send(tenant, events, Duration.ofMinutes(3));
                next += interval;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime())); // the pace of a steady client
            }
        }

        void stop() {
            running.set(false);
        }
    }
}
