package dev.secondbrain.changefeed;

import java.net.URI;
import java.util.Properties;

/**
 * The Debezium engine's configuration, derived from the service's own database settings. Every property that
 * differs from Debezium's default says why.
 */
public record EngineProperties(String jdbcUrl, String user, String password) {

    public Properties forEngine(ChangeFeedSettings settings) {
        var uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        var p = new Properties();
        p.setProperty("name", "pipeline-change-feed");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", "pipeline");
        p.setProperty("database.hostname", uri.getHost());
        p.setProperty("database.port", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()));
        p.setProperty("database.dbname", uri.getPath().substring(1));
        p.setProperty("database.user", user);
        p.setProperty("database.password", password == null ? "" : password);
        // a server error's detail (row values) never enters an exception message, so never a log
        p.setProperty("driver.logServerErrorDetail", "false");
        // pgoutput is built into PostgreSQL 10+: no server plugin to install
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", settings.slotName());
        p.setProperty("publication.name", settings.publicationName());
        // the migration made the publication (it takes the tables' owner); this login may not create or alter it
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("table.include.list", "public.documents,public.change_feed_heartbeat");
        // no content in the feed: consumers fetch documents through the API
        p.setProperty("column.include.list", "public.documents.tenant_id,public.documents.external_id,"
                + "public.documents.version,public.documents.category,public.documents.classification_status,"
                + "public.documents.deleted_at,public.documents.deleted_by,public.documents.last_change,"
                + "public.change_feed_heartbeat.id,public.change_feed_heartbeat.at");
        // the feed starts with the changes committed after its slot exists; the store itself is the snapshot
        p.setProperty("snapshot.mode", "no_data");
        // an idle documents table must not hold WAL back: write a heartbeat row and confirm its position
        p.setProperty("heartbeat.interval.ms", String.valueOf(settings.heartbeatInterval().toMillis()));
        p.setProperty("heartbeat.action.query", "insert into change_feed_heartbeat (id, at) values (1, now()) "
                + "on conflict (id) do update set at = excluded.at");
        // offsets in PostgreSQL, flushed after every batch, so a takeover resumes at the last published batch
        p.setProperty("offset.storage", PostgresOffsetStore.class.getName());
        p.setProperty(PostgresOffsetStore.URL, jdbcUrl);
        p.setProperty(PostgresOffsetStore.USER, user);
        p.setProperty(PostgresOffsetStore.PASSWORD, password == null ? "" : password);
        p.setProperty("offset.flush.interval.ms", "0");
        // stop on an error instead of retrying inside the engine: ChangeFeed restarts it with our backoff
        p.setProperty("errors.max.retries", "0");
        p.setProperty("time.precision.mode", "connect");
        // hand changes over every 50 ms instead of 500: this bounds the feed's latency when traffic is light
        p.setProperty("poll.interval.ms", "50");
        return p;
    }
}
