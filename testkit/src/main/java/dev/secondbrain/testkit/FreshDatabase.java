package dev.secondbrain.testkit;

import dev.secondbrain.embedded.DatabaseLogins;
import dev.secondbrain.embedded.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/** An empty database of its own on the shared PostgreSQL (logins provisioned), for tests without Spring; {@link #dataSource()} is the superuser's. */
public record FreshDatabase(String name, String jdbcUrl) {

    public static FreshDatabase create() {
        var postgres = Infrastructure.postgres();
        var name = Infrastructure.createDatabase("test");
        return new FreshDatabase(name, postgres.jdbcUrl(name));
    }

    /** The database as one of the pipeline's logins (see {@link Infrastructure#logins()}). */
    public DataSource dataSource(DatabaseLogins.Login login) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(login.user());
        dataSource.setPassword(login.password());
        return dataSource;
    }

    /** The owner, who migrates. */
    public DataSource ownerDataSource() {
        return dataSource(Infrastructure.logins().ownerLogin());
    }

    public DataSource dataSource() {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }
}
