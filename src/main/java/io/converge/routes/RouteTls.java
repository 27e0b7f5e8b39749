package io.converge.routes;

/**
 * TLS of a route's host: a certificate and key from files on the proxy node, or a certificate from Caddy's internal
 * CA. A route without TLS is served over plain HTTP.
 *
 * @param certFile PEM certificate (chain) file; {@code null} for the internal CA
 * @param keyFile  PEM private key file; {@code null} for the internal CA
 */
public record RouteTls(String certFile, String keyFile) {

    public static RouteTls files(String certFile, String keyFile) {
        return new RouteTls(java.util.Objects.requireNonNull(certFile), java.util.Objects.requireNonNull(keyFile));
    }

    public static RouteTls internal() {
        return new RouteTls(null, null);
    }

    public boolean isInternal() {
        return certFile == null;
    }
}
