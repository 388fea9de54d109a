package dev.secondbrain.api.webhooks;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationsTests {

    private final Destinations byDefault = new Destinations(false, 2048);
    private final Destinations withLoopback = new Destinations(true, 2048);

    @Test
    void refusesLoopbackPrivateLinkLocalMetadataUniqueLocalWildcardAndMulticastByDefault() throws Exception {
        for (var address : List.of("127.0.0.1", "127.8.9.10", "::1", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "169.254.169.254", "169.254.1.1", "fe80::1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::",
                "224.0.0.1", "ff02::1", "100.64.0.1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "0.1.2.3", "240.0.0.1")) {
            assertThat(byDefault.allowed(InetAddress.getByName(address))).as(address).isFalse();
        }
    }

    @Test
    void allowsPublicAddressesAndLoopbackOnlyWithTheSetting() throws Exception {
        for (var address : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111")) {
            assertThat(byDefault.allowed(InetAddress.getByName(address))).as(address).isTrue();
        }
        assertThat(withLoopback.allowed(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(withLoopback.allowed(InetAddress.getByName("::1"))).isTrue();
        assertThat(withLoopback.allowed(InetAddress.getByName("10.0.0.1"))).as("only loopback").isFalse();
        assertThat(withLoopback.allowed(InetAddress.getByName("169.254.169.254"))).isFalse();
    }

    @Test
    void checksEveryAddressAHostResolvesTo() {
        assertThatThrownBy(() -> byDefault.check(URI.create("http://localhost:8080/hook")))
                .isInstanceOf(Destinations.RefusedDestination.class);
        withLoopback.check(URI.create("http://localhost:8080/hook")); // control: allowed with the setting
        assertThatThrownBy(() -> byDefault.check(URI.create("http://[::1]/hook")))
                .isInstanceOf(Destinations.RefusedDestination.class);
    }

    @Test
    void refusesUrlsThatAreNotPlainHttp() {
        for (var url : List.of("ftp://example.com/", "file:///etc/passwd", "http://u:p@example.com/", "http:///x",
                "http://example.com/#frag", "gopher://example.com", "not a url", "", "http://e.com/" + "a".repeat(2048))) {
            assertThatThrownBy(() -> byDefault.parse(url)).as(url).isInstanceOf(Destinations.RefusedDestination.class);
        }
        assertThat(byDefault.parse("https://example.com/hooks?x=1").getHost()).isEqualTo("example.com");
    }
}
