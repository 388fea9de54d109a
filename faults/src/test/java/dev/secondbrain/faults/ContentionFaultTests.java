package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Sent;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.embedded.PostgresServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker cannot get what a batch needs for a while: a row lock held by another session (the batch runs
 * into lock_timeout) and a connection pool with no free connection (connection-timeout). Either way the
 * batch fails, is retried, and applies once the resource is free.
 */
class ContentionFaultTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aRowLockedByAnotherSessionHoldsTheBatchBackUntilItIsReleased() throws Exception {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var worker = stack.worker("spring.datasource.hikari.data-source-properties.options=-c lock_timeout=500");
            var tenant = stack.tenants(1).getFirst();
            var connector = new Connector(stack.ingestUrl(), oracle);
            connector.send(tenant, versions(tenant, 1), PATIENCE);
            stack.awaitDrained(Duration.ofSeconds(60));

            try (Connection other = DriverManager.getConnection(Infrastructure.postgres().jdbcUrl(stack.database()),
                    PostgresServer.USER, "")) {
                other.setAutoCommit(false);
                try (var lock = other.prepareStatement(
                        "select 1 from documents where tenant_id = ? and external_id = 'doc-3' for update")) {
                    lock.setObject(1, tenant.id());
                    lock.executeQuery().close();
                }
                var retries = retries(worker);
                double before = retries.count();
                connector.send(tenant, versions(tenant, 2), PATIENCE);
                await().atMost(Duration.ofSeconds(30)).until(() -> retries.count() >= before + 2);
                // control: while the lock is held the batch is not in the store, and the check says so
                assertThat(stack.check(oracle)).isNotEmpty();
                other.rollback();
            }
            stack.awaitDrained(Duration.ofSeconds(60));
            assertThat(stack.check(oracle)).isEmpty();
        }
    }

    @Test
    void anExhaustedConnectionPoolHoldsTheBatchBackUntilAConnectionIsFree() throws Exception {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var worker = stack.worker("spring.datasource.hikari.maximum-pool-size=2",
                    "spring.datasource.hikari.minimum-idle=2");
            var tenant = stack.tenants(1).getFirst();
            var connector = new Connector(stack.ingestUrl(), oracle);
            connector.send(tenant, versions(tenant, 1), PATIENCE);
            stack.awaitDrained(Duration.ofSeconds(60));

            var pool = worker.bean(DataSource.class);
            var held = new ArrayList<Connection>();
            try {
                // another user of the pool takes every connection (the worker's own are idle between batches)
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    held.add(pool.getConnection());
                    return held.size() == 2;
                });
                var retries = retries(worker);
                double before = retries.count();
                connector.send(tenant, versions(tenant, 2), PATIENCE);
                await().atMost(Duration.ofSeconds(30)).until(() -> retries.count() >= before + 2);
                // control: without a connection the batch is not in the store, and the check says so
                assertThat(stack.check(oracle)).isNotEmpty();
            } finally {
                for (var connection : held) {
                    connection.close();
                }
            }
            stack.awaitDrained(Duration.ofSeconds(60));
            assertThat(stack.check(oracle)).isEmpty();
        }
    }

    private static List<Sent> versions(Connector.Tenant tenant, long version) {
        var events = new ArrayList<Sent>();
        for (int i = 0; i < 10; i++) {
            events.add(new Sent(tenant.id(), "doc-" + i, version, "version " + version + " of doc-" + i));
        }
        return events;
    }

    private static Counter retries(Stack.Worker worker) {
        return worker.bean(MeterRegistry.class).get("pipeline.worker.batch.retries").counter();
    }
}
