package dev.secondbrain.testkit;

import dev.secondbrain.embedded.DatabaseLogins;
import dev.secondbrain.embedded.KafkaBroker;
import dev.secondbrain.embedded.PostgresServer;

/**
 * One real Kafka broker and one real PostgreSQL per JVM, started on first use and shared by every test
 * class of the JVM; each test class gets its own database and topics (see {@link FreshInfrastructure}).
 */
public final class Infrastructure {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static final DatabaseLogins LOGINS = DatabaseLogins.generate();

    private Infrastructure() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.startThrowaway(false);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "testkit-postgres-stop"));
        }
        return postgres;
    }

    /** The pipeline's database logins on this JVM's PostgreSQL (passwords made up per JVM). */
    public static DatabaseLogins logins() {
        return LOGINS;
    }

    /** A new database on this JVM's PostgreSQL with the pipeline's logins provisioned on it, as a deployer does. */
    public static String createDatabase(String prefix) {
        var database = postgres().createDatabase(prefix);
        LOGINS.provision(postgres(), database);
        return database;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "testkit-kafka-stop"));
        }
        return kafka;
    }
}
