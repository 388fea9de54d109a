package dev.secondbrain.connector;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies the {@code Webhook-Signature} header of a webhook from the API:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, with one {@code v1=} per secret valid at the
 * time of sending (two during a rotation's grace period). A delivery is genuine when its timestamp lies within
 * {@code tolerance} of {@code now} (either side: an old one is a replay, a future one a forgery) and one of its
 * {@code v1} values is the HMAC of one of the receiver's secrets; values are compared in constant time.
 */
public final class WebhookSignature {

    /** The header that carries the signature. */
    public static final String HEADER = "Webhook-Signature";
    /** The header that carries the event id, stable across redeliveries: deduplicate by it. */
    public static final String EVENT_ID_HEADER = "Webhook-Event-Id";
    /** A sensible default tolerance for {@link #verify}. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final int MAX_HEADER_CHARS = 1024;

    private WebhookSignature() {
    }

    /**
     * Whether {@code header} signs {@code body} with one of {@code secrets} at a time within {@code tolerance} of
     * {@code now}; a malformed or missing header is simply not valid.
     */
    public static boolean verify(List<String> secrets, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null || header.length() > MAX_HEADER_CHARS || secrets.isEmpty()) {
            return false;
        }
        Long timestamp = null;
        var signatures = new ArrayList<byte[]>();
        for (var part : header.split(",")) {
            var pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                return false;
            }
            if (pair[0].equals("t")) {
                timestamp = seconds(pair[1]);
            } else if (pair[0].equals("v1")) {
                var hex = hex(pair[1]);
                if (hex != null) {
                    signatures.add(hex);
                }
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        boolean valid = false;
        for (var secret : secrets) {
            var expected = hmac(secret, timestamp, body);
            for (var signature : signatures) {
                // no early exit: every comparison runs, each in constant time
                valid |= MessageDigest.isEqual(expected, signature);
            }
        }
        return valid;
    }

    /** {@link #verify} with one secret. */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        return verify(List.of(secret), header, body, now, tolerance);
    }

    /** The header value the API sends for {@code body} at {@code timestamp}, one {@code v1} per secret. */
    public static String sign(List<String> secrets, long timestamp, byte[] body) {
        var header = new StringBuilder("t=").append(timestamp);
        for (var secret : secrets) {
            header.append(",v1=").append(HexFormat.of().formatHex(hmac(secret, timestamp, body)));
        }
        return header.toString();
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Long seconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
