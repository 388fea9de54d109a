package dev.secondbrain.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both broker and controller, throwaway (tests) or
 * keeping its data between runs (the local stack). It can be {@linkplain #stop() stopped} and
 * {@linkplain #startAgain() started again} on the same address with the same data, for tests of what clients
 * do while the broker is away.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final int DEFAULT_PARTITIONS = 4;

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConfig config;
    private final Path dataDirectory;
    private final String bootstrapServers;
    /** Whether {@link #close()} deletes the data (a broker of {@link #start()}). */
    private final boolean throwaway;
    /** The running server, null while stopped; each start builds a new one on the same config and directories. */
    private KafkaRaftServer server;

    private KafkaBroker(KafkaConfig config, Path dataDirectory, String bootstrapServers, boolean throwaway) {
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.bootstrapServers = bootstrapServers;
        this.throwaway = throwaway;
    }

    /**
     * Starts a throwaway broker on free ports of localhost ({@link #bootstrapServers()} tells which) with its
     * data in a fresh temporary directory that {@link #close()} deletes, and returns when it serves.
     */
    public static KafkaBroker start() {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = FreePort.find();
        int controllerPort;
        do {
            controllerPort = FreePort.find();
        } while (controllerPort == port);
        return start(dataDirectory, port, controllerPort, true);
    }

    /**
     * Starts a broker that keeps its data in {@code dataDirectory} across runs (formatted on first use only)
     * and listens on {@code port} (clients) and {@code controllerPort} (its own KRaft quorum).
     * {@link #close()} stops it and keeps the data.
     */
    public static KafkaBroker start(Path dataDirectory, int port, int controllerPort) {
        return start(dataDirectory, port, controllerPort, false);
    }

    private static KafkaBroker start(Path dataDirectory, int port, int controllerPort, boolean throwaway) {
        keepKafkaFromEndingTheJvm();
        // both ports are fixed for the broker's life so that a restarted broker is where its clients left it
        var config = new KafkaConfig(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dataDirectory.toString()),
                // topics are created by their owners with explicit partition counts
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", String.valueOf(DEFAULT_PARTITIONS)),
                // one broker: internal topics cannot have more replicas
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                // consumer groups should not wait 3 s before their first rebalance
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // the consumer group protocol (KIP-848) keeps session timeouts on the broker: a worker killed with
                // kill -9 frees its partitions after 10 s instead of 45 s (the broker's minimum would refuse less)
                Map.entry("group.consumer.min.session.timeout.ms", "6000"),
                Map.entry("group.consumer.session.timeout.ms", "10000"),
                Map.entry("group.consumer.min.heartbeat.interval.ms", "1000"),
                Map.entry("group.consumer.heartbeat.interval.ms", "2000"),
                // the log cleaner would otherwise take 128 MB of heap for its dedupe buffer
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024))), false);
        if (!Files.exists(dataDirectory.resolve("meta.properties"))) {
            format(config);
        }
        var broker = new KafkaBroker(config, dataDirectory, "localhost:" + port, throwaway);
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics with {@link #DEFAULT_PARTITIONS} partitions each and waits until they exist. */
    public void createTopics(String... names) {
        try (var admin = admin()) {
            var topics = Arrays.stream(names).map(n -> new NewTopic(n, DEFAULT_PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + Arrays.toString(names), e);
        }
    }

    /** Creates those of the topics that do not exist yet, as {@link #createTopics} does. */
    public void createMissingTopics(String... names) {
        try (var admin = admin()) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = Arrays.stream(names).filter(n -> !existing.contains(n)).toArray(String[]::new);
            if (missing.length > 0) {
                createTopics(missing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list topics", e);
        }
    }

    /**
     * Shuts the broker down and returns when it is down: its ports refuse connections until
     * {@link #startAgain()}. Its data stays. Does nothing if it is stopped already.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /**
     * Starts the stopped broker on the same address with the data it had (topics, records, committed
     * offsets) and returns when it serves: every topic's partitions have their leader again.
     */
    public synchronized void startAgain() {
        if (server != null) {
            throw new IllegalStateException("the broker is running");
        }
        startServer();
    }

    /** Stops the broker; a throwaway broker's data is deleted, a kept one's stays. */
    @Override
    public synchronized void close() {
        stop();
        if (!throwaway) {
            return;
        }
        try {
            Utils.delete(dataDirectory.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        var starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw new IllegalStateException("the Kafka broker did not start", e);
        }
        server = starting;
        awaitEveryPartitionLed();
    }

    /** Writes the metadata that a KRaft node needs in its log directory before it can first start. */
    private static void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory", e);
        }
    }

    /**
     * Waits until clients see a leader for every partition, internal ones too (committed offsets live in
     * one). The server's startup returns once the node is registered and unfenced; this checks what
     * callers rely on instead, that the topics it had before a stop are served again.
     */
    private void awaitEveryPartitionLed() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (var admin = admin()) {
            while (!everyPartitionLed(admin)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka partitions still without a leader after " + READY_TIMEOUT);
                }
                Thread.sleep(20); // between two looks at the metadata
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Kafka broker does not answer", e);
        }
    }

    private static boolean everyPartitionLed(Admin admin)
            throws InterruptedException, ExecutionException, TimeoutException {
        var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
        return admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Kafka's answer to a fatal fault is to exit the process, here the JVM that runs the tests or the
     * local pipeline; the KRaft test kit used before this class logged instead, and so does this.
     */
    private static void keepKafkaFromEndingTheJvm() {
        Exit.setExitProcedure((status, message) -> log.warn("Kafka asked to exit({}): {}", status, message));
        Exit.setHaltProcedure((status, message) -> log.warn("Kafka asked to halt({}): {}", status, message));
    }
}
