package dev.secondbrain.ingest.intake;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The bad requests of the contract, each with the one error it must get. */
final class BadRequests {

    /** A bad request and the one error it must get: index (-1 = none), field (null = none), words in message. */
    record Case(String name, byte[] body, int index, String field, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> all() {
        var valid = Events.upserted("ok.md", 1, "fine");
        var deep = Events.upserted("deep.md", 1, "x");
        Map<String, Object> nested = Map.of("leaf", true);
        for (int i = 1; i < 32; i++) {
            nested = Map.of("n", nested);
        }
        deep.put("metadata", nested);
        var withTenant = Events.upserted("t.md", 1, "x");
        withTenant.put("tenantId", UUID.randomUUID().toString());
        var unknownType = Events.deleted("u.md", 1);
        unknownType.put("type", "DocumentMoved");
        var badTime = Events.upserted("time.md", 1, "x");
        badTime.put("sourceUpdatedAt", "yesterday");
        var fractional = Events.deleted("f.md", 1);
        fractional.put("version", 1.5);
        return Stream.of(
                new Case("malformed JSON", utf8("{\"events\":[{\"type\":"), 0, null, "malformed JSON"),
                new Case("body is not an object", utf8("[]"), -1, null, "must be a JSON object"),
                new Case("empty list", body(List.of()), -1, "events", "at least 1 event"),
                new Case("1001 events", body(IntStream.range(0, 1001)
                        .mapToObj(i -> Events.deleted("d" + i, i)).toList()), -1, "events", "at most 1000 events"),
                new Case("content over 1 MiB", body(List.of(valid,
                        Events.upserted("big.md", 1, "c".repeat(1024 * 1024 + 1)))), 1, "content", "1048576 bytes"),
                new Case("externalId of 513 characters", body(List.of(Events.deleted("x".repeat(513), 1))),
                        0, "externalId", "at most 512 characters"),
                new Case("nesting deeper than 32", body(List.of(valid, deep)), 1, null, "nested deeper than 32"),
                new Case("escaped NUL in a field", utf8(new String(body(List.of(Events.upserted("n.md", 1, "a")))
                        , StandardCharsets.UTF_8).replace("Title of n.md", "Ti\\u0000tle")), 0, "title", "NUL"),
                new Case("raw NUL byte", replace(body(List.of(Events.upserted("n.md", 1, "aXb"))), 'X', (byte) 0),
                        -1, null, "NUL byte"),
                new Case("invalid UTF-8", replace(body(List.of(Events.upserted("n.md", 1, "aXb"))), 'X', (byte) 0xC3),
                        -1, null, "not valid UTF-8"),
                new Case("unknown type", body(List.of(valid, unknownType)), 1, "type", "must be one of"),
                new Case("tenantId in the body", body(List.of(valid, withTenant)), 1, "tenantId", "API key decides"),
                new Case("timestamp not ISO-8601", body(List.of(valid, badTime)), 1, "sourceUpdatedAt", "wrong type"),
                new Case("missing source", body(List.of(Map.of("type", "DocumentDeleted", "externalId", "a", "version", 1))),
                        0, "source", "is required"),
                new Case("fractional version", body(List.of(fractional)), 0, "version", "must be an integer"),
                new Case("unknown property", utf8("{\"events\":[{\"type\":\"DocumentDeleted\",\"externalId\":\"a\","
                        + "\"source\":\"notes\",\"version\":1,\"content\":\"x\"}]}"), 0, "content", "not a property"));
    }

    private static byte[] body(List<Map<String, Object>> events) {
        return IntakeClient.JSON.writeValueAsBytes(Map.of("events", events));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replace(byte[] body, char from, byte to) {
        var out = new ByteArrayOutputStream();
        for (byte b : body) {
            out.write(b == from ? to : b);
        }
        return out.toByteArray();
    }
}
