package io.converge.dnat;

import java.util.Comparator;

/**
 * One destination of a forward: a passing instance of the service.
 *
 * @param address    an IPv4 or IPv6 address literal (never a host name); its family decides the table
 *                   ({@code ip} or {@code ip6}) the forward is rendered in
 * @param port       the instance's port (the forward's {@code targetPort}, else the port it is registered with)
 * @param masquerade whether replies from it would not come back through this node, so that its traffic is
 *                   source-NATed to this node's address
 */
public record Backend(String address, int port, boolean masquerade) implements Comparable<Backend> {
    private static final Comparator<Backend> ORDER = Comparator.comparing(Backend::address)
            .thenComparingInt(Backend::port).thenComparing(Backend::masquerade);

    /** True for an IPv6 address. */
    public boolean ipv6() {
        return address.indexOf(':') >= 0;
    }

    /** {@code address:port}, with brackets around an IPv6 address. */
    public String endpoint() {
        return (ipv6() ? "[" + address + "]" : address) + ":" + port;
    }

    @Override
    public int compareTo(Backend other) {
        return ORDER.compare(this, other);
    }
}
