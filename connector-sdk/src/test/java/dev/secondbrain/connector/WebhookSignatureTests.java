package dev.secondbrain.connector;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTests {

    private static final byte[] BODY = "{\"type\":\"document.changed\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void acceptsAFreshSignatureOfTheBodyWithTheSecret() {
        var header = WebhookSignature.sign(List.of("whsec_a"), NOW.getEpochSecond(), BODY);
        assertThat(WebhookSignature.verify("whsec_a", header, BODY, NOW, TOLERANCE)).isTrue();
    }

    @Test
    void rejectsAStaleAndAFutureTimestampThatAreOtherwiseValid() {
        var stale = WebhookSignature.sign(List.of("whsec_a"), NOW.minusSeconds(301).getEpochSecond(), BODY);
        var future = WebhookSignature.sign(List.of("whsec_a"), NOW.plusSeconds(301).getEpochSecond(), BODY);
        var edge = WebhookSignature.sign(List.of("whsec_a"), NOW.minusSeconds(300).getEpochSecond(), BODY);
        assertThat(WebhookSignature.verify("whsec_a", stale, BODY, NOW, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify("whsec_a", future, BODY, NOW, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify("whsec_a", edge, BODY, NOW, TOLERANCE)).as("control: at the limit").isTrue();
    }

    @Test
    void rejectsAnotherSecretAnAlteredBodyAndAForgedTimestamp() {
        long t = NOW.getEpochSecond();
        var header = WebhookSignature.sign(List.of("whsec_a"), t, BODY);
        var altered = "{\"type\":\"document.changed\",\"x\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify("whsec_b", header, BODY, NOW, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify("whsec_a", header, altered, NOW, TOLERANCE)).isFalse();
        var retimed = header.replace("t=" + t, "t=" + (t - 1));
        assertThat(WebhookSignature.verify("whsec_a", retimed, BODY, NOW, TOLERANCE)).isFalse();
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        var both = WebhookSignature.sign(List.of("whsec_new", "whsec_old"), NOW.getEpochSecond(), BODY);
        assertThat(WebhookSignature.verify("whsec_old", both, BODY, NOW, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify("whsec_new", both, BODY, NOW, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(List.of("whsec_new", "whsec_old"), both, BODY, NOW, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify("whsec_other", both, BODY, NOW, TOLERANCE)).as("control").isFalse();
    }

    @Test
    void malformedHeadersAreNotValid() {
        for (var header : new String[] {null, "", "t=abc,v1=00", "v1=00", "t=" + NOW.getEpochSecond(),
                "t=" + NOW.getEpochSecond() + ",v1=zz", "garbage", "t=1".repeat(1000)}) {
            assertThat(WebhookSignature.verify("whsec_a", header, BODY, NOW, TOLERANCE)).as(String.valueOf(header)).isFalse();
        }
    }
}
