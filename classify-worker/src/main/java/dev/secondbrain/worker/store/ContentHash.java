package dev.secondbrain.worker.store;

import dev.secondbrain.schemas.DocumentUpserted;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * SHA-256 over a canonical form of an upsert's content: every stored content field, length-prefixed (so
 * no two field lists can encode alike) with metadata as JSON with keys sorted at every depth. Version,
 * sync id and tenant are left out on purpose: a re-sync of the same content must hash the same.
 */
public final class ContentHash {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ContentHash() {
    }

    public static byte[] of(DocumentUpserted event) {
        var bytes = new ByteArrayOutputStream(256 + (event.content() == null ? 0 : event.content().length()));
        try (var out = new DataOutputStream(bytes)) {
            field(out, event.source());
            field(out, event.title());
            field(out, event.content());
            field(out, event.mimeType());
            field(out, event.url());
            field(out, event.author());
            field(out, instant(event.sourceCreatedAt()));
            field(out, instant(event.sourceUpdatedAt()));
            field(out, CANONICAL.writeValueAsString(event.metadata()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256(bytes.toByteArray());
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        var utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
