package dev.secondbrain.api.cursor;

import dev.secondbrain.api.ApiSettings;
import dev.secondbrain.api.tenancy.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the last key of a page, signed with HMAC-SHA256 over tenant, scope (the query
 * and its filters) and key. Neither tenant nor scope is in the cursor, so a cursor from another tenant or
 * another filter fails the signature check exactly like a tampered one (400).
 */
@Component
public class Cursors {

    private static final Logger log = LoggerFactory.getLogger(Cursors.class);
    private static final int MAC_BYTES = 32;
    private static final int MAX_CURSOR_CHARS = 8192;

    private final SecretKeySpec key;

    Cursors(ApiSettings settings) {
        var secret = settings.cursorSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0 && !settings.randomCursorSecret()) {
            throw new IllegalStateException("pipeline.api.cursor-secret is empty: set it (the same on every instance; "
                    + "env PIPELINE_API_CURSOR_SECRET), or allow a random one per process with "
                    + "pipeline.api.random-cursor-secret=true");
        }
        if (secret.length == 0) {
            log.warn("pipeline.api.cursor-secret is not set: cursors are signed with a random key of this process");
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String encode(Tenant tenant, String scope, List<String> lastKey) {
        var payload = serialize(lastKey);
        var out = Arrays.copyOf(payload, payload.length + MAC_BYTES);
        System.arraycopy(mac(tenant, scope, payload), 0, out, payload.length, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The key a cursor carries, or {@link BadCursor} if it was not issued for this tenant and scope. */
    public List<String> decode(Tenant tenant, String scope, String cursor) {
        if (cursor.length() > MAX_CURSOR_CHARS) {
            throw new BadCursor();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new BadCursor();
        }
        if (raw.length <= MAC_BYTES) {
            throw new BadCursor();
        }
        var payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
        var mac = Arrays.copyOfRange(raw, payload.length, raw.length);
        if (!MessageDigest.isEqual(mac, mac(tenant, scope, payload))) {
            throw new BadCursor();
        }
        return deserialize(payload);
    }

    private byte[] mac(Tenant tenant, String scope, byte[] payload) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(serialize(List.of(tenant.id().toString(), scope)));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] serialize(List<String> fields) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeShort(fields.size());
            for (var field : fields) {
                var utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static List<String> deserialize(byte[] payload) {
        try (var in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int count = in.readUnsignedShort();
            var fields = new ArrayList<String>(count);
            for (int i = 0; i < count; i++) {
                var utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                fields.add(new String(utf8, StandardCharsets.UTF_8));
            }
            return fields;
        } catch (IOException e) {
            throw new BadCursor(); // signed by us, so unreachable unless the secret leaked
        }
    }
}
