package dev.secondbrain.api;

import com.sun.net.httpserver.HttpServer;
import dev.secondbrain.connector.WebhookSignature;
import dev.secondbrain.schemas.EventCodec;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver (the JDK's HTTP server on loopback): it keeps every request it got, in arrival order, and
 * answers {@code status} (200 unless told otherwise).
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Received(String eventId, String signature, byte[] body, int answered) {

        JsonNode json() {
            return EventCodec.mapper().readTree(body);
        }

        String type() {
            return json().get("type").asString();
        }

        boolean verifies(List<String> secrets) {
            return WebhookSignature.verify(secrets, signature, body, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                var body = exchange.getRequestBody().readAllBytes();
                int answer = status.get();
                received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body, answer));
                var text = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer, text.length);
                exchange.getResponseBody().write(text);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int status) {
        this.status.set(status);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** What was answered 2xx: what the sender counts as delivered. */
    List<Received> accepted() {
        return received.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
