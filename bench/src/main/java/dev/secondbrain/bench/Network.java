package dev.secondbrain.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.secondbrain.embedded.PostgresServer;

import java.time.Duration;

/**
 * The two ways the bench reaches PostgreSQL for a side-by-side comparison: straight on the local socket, and
 * through the {@link DelayProxy} that adds a network round trip to every exchange. Both sides of a comparison get
 * the same kind of pooled connection (as an application has), so opening connections is measured on neither.
 */
final class Network implements AutoCloseable {

    private final PostgresServer postgres;
    private final DelayProxy proxy;
    private final Duration oneWay;

    Network(PostgresServer postgres, Duration oneWay) {
        this.postgres = postgres;
        this.oneWay = oneWay;
        this.proxy = DelayProxy.to(postgres.port(), oneWay);
    }

    Duration oneWay() {
        return oneWay;
    }

    String directUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    String delayedUrl(String database) {
        return proxy.jdbcUrl(database);
    }

    HikariDataSource direct(String database) {
        return pool(directUrl(database));
    }

    HikariDataSource delayed(String database) {
        return pool(delayedUrl(database));
    }

    private static HikariDataSource pool(String url) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(PostgresServer.USER);
        // one client at a time: a pool of 2 keeps a connection warm without idle ones to validate
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        proxy.close();
    }
}
