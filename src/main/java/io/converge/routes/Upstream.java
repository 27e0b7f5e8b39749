package io.converge.routes;

/**
 * One upstream of a route: a passing instance of its service.
 *
 * @param address an IPv4 or IPv6 literal or a host name, as the instance is registered
 */
public record Upstream(String address, int port) implements Comparable<Upstream> {

    /** {@code host:port} as Caddy dials it, with brackets around an IPv6 address. */
    public String dial() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    @Override
    public int compareTo(Upstream o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(port, o.port);
    }
}
