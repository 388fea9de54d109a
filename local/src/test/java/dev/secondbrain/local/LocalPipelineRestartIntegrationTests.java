package dev.secondbrain.local;

import dev.secondbrain.embedded.FreePort;
import dev.secondbrain.embedded.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local default is a product a person keeps documents in: its data survives a restart, and a launcher
 * killed with {@code kill -9} (its PostgreSQL and service processes left running) does not stop the next
 * start, which finds the same documents, the same admin token and the same demo tenant.
 */
class LocalPipelineRestartIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (var closeable : cleanup.reversed()) {
            closeable.close();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the whole stack starts three times
    void aLauncherKilledWithSigkillLeavesNothingThatStopsTheNextStartAndLosesNoDocument() throws Exception {
        var data = Files.createTempDirectory("local-restart-");
        var ports = new LocalOptions.Ports(FreePort.find(), freePair(), FreePort.find(), FreePort.find(),
                FreePort.find(), FreePort.find());
        var launcher = launcherProcess(data, ports);
        var apiUrl = "http://localhost:" + ports.api();
        var credentials = awaitDemoTenant(data);
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() ->
                assertThat(get(apiUrl, credentials.demoApiKey(), "/v1/stats").get("total").asLong()).isEqualTo(8));

        launcher.destroyForcibly().waitFor();
        assertThat(Files.exists(data.resolve("postgres").resolve("postmaster.pid")))
                .as("control: the killed launcher left its PostgreSQL running").isTrue();
        var leftovers = leftoverServices(data);
        assertThat(leftovers).as("control: and its service processes").hasSize(4).allMatch(ProcessHandle::isAlive);

        try (var restarted = LocalPipeline.start(options(data, ports))) {
            assertThat(leftovers).as("the leftovers were stopped").noneMatch(ProcessHandle::isAlive);
            assertThat(restarted.credentials()).as("same admin token, cursor secret and demo key").isEqualTo(credentials);
            assertThat(get(restarted.apiUrl(), credentials.demoApiKey(), "/v1/stats").get("total").asLong())
                    .as("the demo tenant's documents are where they were").isEqualTo(8);
            assertThat(DemoTenant.ensure(restarted).notes()).as("no second demo tenant, no re-sync").isZero();
        }

        try (var again = LocalPipeline.start(options(data, ports))) {
            assertThat(get(again.apiUrl(), credentials.demoApiKey(), "/v1/stats").get("total").asLong())
                    .as("kept across a clean restart too").isEqualTo(8);
        }
    }

    private static LocalOptions options(Path data, LocalOptions.Ports ports) {
        return LocalOptions.defaults().withPorts(ports).withDataDirectory(data).withRestartServices(false)
                .withConsoleLogs(false);
    }

    /** The launcher as its own process, the way README's run command starts it. */
    private Process launcherProcess(Path data, LocalOptions.Ports ports) throws IOException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalPipeline.class.getName(), "--data-dir=" + data,
                "--postgres-port=" + ports.postgres(), "--kafka-port=" + ports.kafka(), "--api-port=" + ports.api(),
                "--ingest-port=" + ports.ingest(), "--worker-port=" + ports.worker(),
                "--change-feed-port=" + ports.changeFeed())
                .redirectErrorStream(true).redirectOutput(launcherLog(data).toFile()).start();
        cleanup.add(() -> {
            process.destroyForcibly().waitFor();
            ServiceProcess.stopLeftovers(data.resolve("run"));
            PostgresServer.stopLeftover(data.resolve("postgres"));
            LocalPipeline.deleteRecursively(data);
        });
        return process;
    }

    private static Path launcherLog(Path data) throws IOException {
        return Files.createDirectories(data.resolve("logs")).resolve("launcher.log");
    }

    private static Credentials awaitDemoTenant(Path data) {
        return await().atMost(Duration.ofMinutes(3)).ignoreExceptions()
                .until(() -> Credentials.in(data), c -> c.demoApiKey() != null);
    }

    private static List<ProcessHandle> leftoverServices(Path data) throws IOException {
        try (var pidFiles = Files.list(data.resolve("run"))) {
            return pidFiles.map(ServiceProcess::pidIn).flatMap(java.util.Optional::stream)
                    .map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
        }
    }

    /** A free port whose next port is free too (Kafka's controller listens there). */
    private static int freePair() {
        while (true) {
            int port = FreePort.find();
            if (port < 65535 && FreePort.isFree(port + 1)) {
                return port;
            }
        }
    }

    private JsonNode get(String baseUrl, String key, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
