package dev.secondbrain.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The pipeline's database logins and their passwords, and their provisioning on a database as its superuser
 * ({@code db/logins.sql}, the same script docker-compose runs with psql): every login exists with LOGIN and its
 * password, the change feed's with REPLICATION, the API's as a member of {@code pipeline_api} only, and the owner
 * owns the database and what is in it. What each login may do is the migration's (V42).
 *
 * @param owner      password of {@value #OWNER}, the only login that migrates
 * @param ingest     password of {@value #INGEST}
 * @param worker     password of {@value #WORKER}
 * @param changeFeed password of {@value #CHANGE_FEED}
 * @param api        password of {@value #API}
 */
public record DatabaseLogins(String owner, String ingest, String worker, String changeFeed, String api) {

    public static final String OWNER = "pipeline_owner";
    public static final String INGEST = "pipeline_ingest";
    public static final String WORKER = "pipeline_worker";
    public static final String CHANGE_FEED = "pipeline_change_feed";
    public static final String API = "pipeline_api_login";

    /** A login and its password. */
    public record Login(String user, String password) {
    }

    private static final String SCRIPT = script();

    /** New random passwords. */
    public static DatabaseLogins generate() {
        return new DatabaseLogins(secret(), secret(), secret(), secret(), secret());
    }

    /** The login a service ({@code spring.application.name}) connects with. */
    public Login of(String service) {
        return switch (service) {
            case "ingest-service" -> new Login(INGEST, ingest);
            case "classify-worker" -> new Login(WORKER, worker);
            case "change-feed" -> new Login(CHANGE_FEED, changeFeed);
            case "api-service" -> new Login(API, api);
            default -> throw new IllegalArgumentException("no database login for " + service);
        };
    }

    public Login ownerLogin() {
        return new Login(OWNER, owner);
    }

    /** Provisions the logins on {@code database} of {@code server}, as its superuser; safe to repeat. */
    public void provision(PostgresServer server, String database) {
        synchronized (DatabaseLogins.class) { // ALTER ROLE of one role from two sessions at once fails
            try (var c = DriverManager.getConnection(server.jdbcUrl(database), PostgresServer.USER, "")) {
                var settings = Map.of("owner", owner, "ingest", ingest, "worker", worker, "change_feed", changeFeed,
                        "api", api);
                for (var setting : settings.entrySet()) {
                    try (var set = c.prepareStatement("select set_config(?, ?, false)")) {
                        set.setString(1, "pipeline.password_" + setting.getKey());
                        set.setString(2, setting.getValue());
                        set.execute();
                    }
                }
                c.createStatement().execute(SCRIPT);
            } catch (SQLException e) {
                throw new IllegalStateException("could not provision the database logins of " + database, e);
            }
        }
    }

    private static String secret() {
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String script() {
        try (var in = DatabaseLogins.class.getResourceAsStream("/db/logins.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
