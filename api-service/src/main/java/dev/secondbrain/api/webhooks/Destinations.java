package dev.secondbrain.api.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard: a webhook goes only to a public address. The URL's host is resolved and every address it resolves
 * to must be public: not loopback (unless {@code allow-loopback}), not the wildcard ({@code 0.0.0.0}, {@code ::}),
 * link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), private (10/8, 172.16/12,
 * 192.168/16), shared (100.64/10), unique-local IPv6 (fc00::/7) or multicast. Checked at registration and again
 * before each turn of deliveries (DNS can change); redirects are never followed.
 */
final class Destinations {

    private final boolean allowLoopback;
    private final int maxUrlLength;

    Destinations(boolean allowLoopback, int maxUrlLength) {
        this.allowLoopback = allowLoopback;
        this.maxUrlLength = maxUrlLength;
    }

    /** The URL as a URI, when it is an http(s) URL of acceptable shape; otherwise {@link RefusedDestination}. */
    URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > maxUrlLength) {
            throw new RefusedDestination("url must be an http or https URL of at most " + maxUrlLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new RefusedDestination("url is not a valid URL");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedDestination("url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new RefusedDestination("url must name a host, without user information or fragment");
        }
        return uri;
    }

    /** Resolves the URL's host; refuses it unless every address is public. */
    void check(URI uri) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new RefusedDestination("url's host does not resolve");
        }
        for (var address : addresses) {
            if (!allowed(address)) {
                throw new RefusedDestination("url resolves to a loopback, link-local, private or otherwise "
                        + "non-public address");
            }
        }
    }

    boolean allowed(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback;
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        var bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) != 0xfc; // fc00::/7 unique local
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        // 0/8 "this network", 100.64/10 shared address space, 192.0.0/24 protocol assignments, 240/4 reserved
        return first != 0 && !(first == 100 && (second & 0xc0) == 64)
                && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) && first < 240;
    }

    /** A URL a webhook may not go to (400 at registration; a failed attempt at delivery). */
    static final class RefusedDestination extends RuntimeException {

        RefusedDestination(String reason) {
            super(reason, null, false, false);
        }
    }
}
