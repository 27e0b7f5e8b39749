package io.converge.routes.caddy;

import java.util.List;

/**
 * Where converge's server listens, and Caddy's HTTP port: Caddy serves a listener on its HTTP port
 * ({@code apps.http.http_port}, 80 unless the operator's configuration sets it) without TLS and every other listener
 * with TLS as soon as the server has a TLS connection policy, i.e. a route with TLS.
 *
 * @param addresses Caddy listen addresses ({@code :80}, {@code 127.0.0.1:8443}, {@code tcp/:443})
 * @param httpPort  Caddy's {@code apps.http.http_port}
 */
public record Listeners(List<String> addresses, int httpPort) {

    public Listeners {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("converge.proxy.listen: at least one address is needed");
        }
        addresses.forEach(Listeners::port);
    }

    /** The port an HTTP→HTTPS redirect names: the first listener that is not the HTTP port, else 443. */
    public int httpsPort() {
        return addresses.stream().mapToInt(Listeners::port).filter(p -> p != httpPort).findFirst().orElse(443);
    }

    static int port(String address) {
        int colon = address.lastIndexOf(':');
        String port = colon < 0 ? "" : address.substring(colon + 1);
        int dash = port.indexOf('-');
        try {
            return Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("converge.proxy.listen: '" + address
                    + "' is not a Caddy listen address with a port (e.g. :443 or 127.0.0.1:8080)");
        }
    }
}
