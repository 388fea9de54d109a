package dev.secondbrain.local;

import dev.secondbrain.embedded.DatabaseLogins;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The secrets of one local installation, kept with its data (owner-readable only) so that a restart finds
 * the same admin token, keeps cursors valid (same cursor secret), knows the demo tenant's key and the passwords of
 * the database logins (made up on first use, also for an installation from before the logins existed).
 *
 * @param adminToken   the admin API's token
 * @param cursorSecret the read API's pagination cursor secret
 * @param demoApiKey   the demo tenant's API key, null until the demo tenant exists
 * @param database     the passwords of the pipeline's database logins
 */
record Credentials(String adminToken, String cursorSecret, String demoApiKey, DatabaseLogins database) {

    private static final String FILE = "credentials.properties";

    /** The credentials kept in {@code dataDirectory}, made up on first use. */
    static Credentials in(Path dataDirectory) {
        var file = dataDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            var made = new Credentials(secret(), secret(), null, DatabaseLogins.generate());
            made.saveIn(dataDirectory);
            return made;
        }
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        var made = DatabaseLogins.generate();
        var database = new DatabaseLogins(properties.getProperty("database-owner-password", made.owner()),
                properties.getProperty("database-ingest-password", made.ingest()),
                properties.getProperty("database-worker-password", made.worker()),
                properties.getProperty("database-change-feed-password", made.changeFeed()),
                properties.getProperty("database-api-password", made.api()));
        var credentials = new Credentials(properties.getProperty("admin-token"), properties.getProperty("cursor-secret"),
                properties.getProperty("demo-api-key"), database);
        if (!properties.containsKey("database-owner-password")) {
            credentials.saveIn(dataDirectory); // an installation from before the logins: keep the ones made now
        }
        return credentials;
    }

    Credentials withDemoApiKey(String key) {
        return new Credentials(adminToken, cursorSecret, key, database);
    }

    void saveIn(Path dataDirectory) {
        var properties = new Properties();
        properties.setProperty("admin-token", adminToken);
        properties.setProperty("cursor-secret", cursorSecret);
        if (demoApiKey != null) {
            properties.setProperty("demo-api-key", demoApiKey);
        }
        properties.setProperty("database-owner-password", database.owner());
        properties.setProperty("database-ingest-password", database.ingest());
        properties.setProperty("database-worker-password", database.worker());
        properties.setProperty("database-change-feed-password", database.changeFeed());
        properties.setProperty("database-api-password", database.api());
        var file = dataDirectory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "Second Brain local stack: secrets of this installation");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String secret() {
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
