package dev.secondbrain.testkit;

import dev.secondbrain.embedded.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/** An empty database of its own on the shared PostgreSQL, for tests without Spring. */
public record FreshDatabase(String name, String jdbcUrl) {

    public static FreshDatabase create() {
        var postgres = Infrastructure.postgres();
        var name = postgres.createDatabase("test");
        return new FreshDatabase(name, postgres.jdbcUrl(name));
    }

    public DataSource dataSource() {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }
}
