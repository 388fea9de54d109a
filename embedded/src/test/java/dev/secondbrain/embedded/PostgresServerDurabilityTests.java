package dev.secondbrain.embedded;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local default keeps a person's documents: a durable server waits for the disk at every commit, as a
 * deployment does (zonky's launcher passes {@code -F}, fsync off, unless told otherwise). Tests' throwaway
 * servers do not (the control).
 */
class PostgresServerDurabilityTests {

    @Test
    void aDurableServerWaitsForTheDiskAndAThrowawayOneDoesNot() throws Exception {
        try (var durable = PostgresServer.startThrowaway(true); var fast = PostgresServer.startThrowaway(false)) {
            assertThat(settings(durable)).as("durable")
                    .containsEntry("fsync", "on").containsEntry("synchronous_commit", "on")
                    .containsEntry("full_page_writes", "on");
            assertThat(settings(fast)).as("control: throwaway").containsEntry("fsync", "off");
        }
    }

    @Test
    void slowStatementsAreLoggedWithoutTheirParametersWhichAreDocuments() throws Exception {
        try (var server = PostgresServer.startThrowaway(false)) {
            assertThat(settings(server)).containsEntry("log_min_duration_statement", "250ms")
                    .containsEntry("log_parameter_max_length", "0");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
                 var rs = c.createStatement().executeQuery(
                         "select boot_val from pg_settings where name = 'log_parameter_max_length'")) {
                rs.next();
                assertThat(rs.getString(1)).as("control: PostgreSQL's default logs every parameter in full").isEqualTo("-1");
            }
        }
    }

    private static Map<String, String> settings(PostgresServer server) throws SQLException {
        var settings = new LinkedHashMap<String, String>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "")) {
            for (var name : new String[]{"fsync", "synchronous_commit", "full_page_writes", "log_min_duration_statement",
                    "log_parameter_max_length"}) {
                try (var rs = c.createStatement().executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }
}
