package dev.secondbrain.changefeed;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the engine's source offsets in PostgreSQL (table change_feed_offsets), so whichever change-feed
 * instance publishes next resumes where the last one committed. Configured through the engine properties
 * {@value #URL}, {@value #USER} and {@value #PASSWORD}.
 */
public final class PostgresOffsetStore extends MemoryOffsetBackingStore {

    static final String URL = "offset.storage.pipeline.url";
    static final String USER = "offset.storage.pipeline.user";
    static final String PASSWORD = "offset.storage.pipeline.password";

    private static final String LOAD = "select offset_key, offset_value from change_feed_offsets";
    private static final String SAVE = """
            insert into change_feed_offsets (offset_key, offset_value) values (?, ?)
            on conflict (offset_key) do update set offset_value = excluded.offset_value, updated_at = now()""";

    private String url;
    private String user;
    private String password;
    /** Reused between flushes (one per engine batch); replaced when it breaks. */
    private Connection connection;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        var originals = config.originalsStrings();
        url = originals.get(URL);
        user = originals.get(USER);
        password = originals.getOrDefault(PASSWORD, "");
    }

    @Override
    public synchronized void start() {
        super.start();
        var loaded = new HashMap<ByteBuffer, ByteBuffer>();
        try (var c = connect(); var rs = c.createStatement().executeQuery(LOAD)) {
            while (rs.next()) {
                loaded.put(ByteBuffer.wrap(rs.getBytes(1)), ByteBuffer.wrap(rs.getBytes(2)));
            }
        } catch (SQLException e) {
            throw new ConnectException("could not load change feed offsets", e);
        }
        data.putAll(loaded);
    }

    @Override
    protected synchronized void save() {
        try (var save = connection().prepareStatement(SAVE)) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                save.setBytes(1, bytes(entry.getKey()));
                save.setBytes(2, bytes(entry.getValue()));
                save.addBatch();
            }
            save.executeBatch();
        } catch (SQLException e) {
            closeConnection();
            throw new ConnectException("could not save change feed offsets", e);
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        closeConnection();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connect();
        }
        return connection;
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // already broken: nothing to release
        } finally {
            connection = null;
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        var properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // a server error's detail (row values) never enters an exception message, so never a log
        properties.setProperty("logServerErrorDetail", "false");
        return DriverManager.getConnection(url, properties);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        var copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
