package io.converge.routes;

/**
 * TLS of a route's host: a certificate and key from files on the proxy node, or a certificate from Caddy's internal
 * CA. A route without TLS is served over plain HTTP.
 *
 * @param certFile PEM certificate (chain) file; {@code null} for the internal CA
 * @param keyFile  PEM private key file; {@code null} for the internal CA
 * @param contents a digest of the two files' contents as last read ({@code ""}: not read), so that a renewed
 *                 certificate at the same path is a change the proxy is told of
 */
public record RouteTls(String certFile, String keyFile, String contents) {

    public static RouteTls files(String certFile, String keyFile) {
        return new RouteTls(java.util.Objects.requireNonNull(certFile), java.util.Objects.requireNonNull(keyFile),
                "");
    }

    public static RouteTls internal() {
        return new RouteTls(null, null, "");
    }

    /** The same files, read with these contents. */
    public RouteTls withContents(String digest) {
        return new RouteTls(certFile, keyFile, digest);
    }

    public boolean isInternal() {
        return certFile == null;
    }
}
