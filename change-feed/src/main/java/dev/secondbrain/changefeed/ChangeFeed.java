package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.OwnedTopic;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the Debezium engine in exactly one change-feed instance at a time. Leadership is a PostgreSQL advisory
 * lock held on an open connection: when the leader dies its session ends, the lock is released and a
 * standby takes over from the offsets in the database. The replication slot being exclusive fences a
 * leader that lost its lock but has not noticed yet. Whenever the engine stops (handler failure, database
 * or broker outage) it is started again after a backoff; nothing is skipped. While its topic is missing it does not
 * try to lead (the engine could only fail).
 */
public final class ChangeFeed implements SmartLifecycle {

    /** What this instance is doing, for health and tests. */
    public enum Role { STOPPED, STANDBY, LEADER }

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final String TRY_LOCK = "select pg_try_advisory_lock(?)";

    private final DataSource dataSource;
    private final EngineProperties engineProperties;
    private final Producer<String, byte[]> producer;
    private final ChangeFeedSettings settings;
    private final OwnedTopic topic;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Role role = Role.STOPPED;
    private volatile boolean running;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private Thread leader;

    public ChangeFeed(DataSource dataSource, EngineProperties engineProperties, Producer<String, byte[]> producer,
                      ChangeFeedSettings settings, OwnedTopic topic) {
        this.dataSource = dataSource;
        this.engineProperties = engineProperties;
        this.producer = producer;
        this.settings = settings;
        this.topic = topic;
    }

    public Role role() {
        return role;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        role = Role.STANDBY;
        leader = Thread.ofPlatform().name("change-feed").daemon().start(this::lead);
    }

    @Override
    public synchronized void stop() {
        running = false;
        stopped.countDown();
        closeEngine();
        if (leader != null) {
            leader.interrupt();
            joinQuietly(leader);
        }
        role = Role.STOPPED;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void lead() {
        while (running) {
            try (var lock = dataSource.getConnection()) {
                // without its topic the engine could only fail; the topic's own log and health say why
                if (topic.problem().isEmpty() && tryLock(lock)) {
                    role = Role.LEADER;
                    publishWhileLeader(lock);
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("change feed: {}; retrying in {}", e.toString(), settings.retryBackoff());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                role = running ? Role.STANDBY : Role.STOPPED;
            }
            if (awaitStop()) {
                return;
            }
        }
    }

    private boolean tryLock(Connection lock) throws SQLException {
        try (var statement = lock.prepareStatement(TRY_LOCK)) {
            statement.setLong(1, settings.leaderLockKey());
            var rs = statement.executeQuery();
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Runs the engine until it stops, leadership is lost or this instance stops. */
    private void publishWhileLeader(Connection lock) throws InterruptedException, SQLException {
        var done = new CompletableFuture<Void>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "change-feed-engine"));
        try {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineProperties.forEngine(settings))
                    .notifying(new ChangePublisher(producer, topic.name()))
                    .using((success, message, error) -> complete(done, success, message, error))
                    .build();
            executor.execute(engine);
            log.info("change feed: publishing (slot {})", settings.slotName());
            while (running && !done.isDone()) {
                if (!lock.isValid(5)) {
                    throw new SQLException("leadership lost: the lock connection is gone");
                }
                awaitQuietly(done);
            }
        } finally {
            closeEngine();
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void complete(CompletableFuture<Void> done, boolean success, String message, Throwable error) {
        if (!success) {
            log.warn("change feed engine stopped: {}", message, error);
        }
        done.complete(null);
    }

    private static void awaitQuietly(CompletableFuture<Void> done) throws InterruptedException {
        try {
            done.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // still running (or finished, which the loop sees)
        }
    }

    private void closeEngine() {
        var current = engine;
        engine = null;
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (Exception e) {
            log.warn("change feed: closing the engine: {}", e.toString());
        }
    }

    private boolean awaitStop() {
        try {
            return stopped.await(settings.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
