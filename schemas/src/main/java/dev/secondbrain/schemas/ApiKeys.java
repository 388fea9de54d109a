package dev.secondbrain.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The API key format, shared by the intake (which issues keys) and every service that checks them.
 * A key is {@code sbk_} and 32 random bytes in URL-safe base64; only its SHA-256 is stored.
 */
public final class ApiKeys {

    private static final String PREFIX = "sbk_";
    private static final Pattern FORMAT = Pattern.compile("sbk_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when the text has the shape of a key; a malformed key is refused before any lookup. */
    public static boolean wellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** The SHA-256 of a key, as stored. */
    public static byte[] hash(String key) {
        return digest(key);
    }

    /** The SHA-256 of a text's UTF-8 bytes: the one hash of secrets (keys, the admin token) in the pipeline. */
    public static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
