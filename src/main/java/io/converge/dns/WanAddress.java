package io.converge.dns;

import io.converge.kernel.CatalogInstance;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The WAN address of the node where an instance runs, for A/AAAA records that follow a service: node meta
 * {@code wan-address} (any address the operator wrote), else the agent's tagged addresses ({@code wan_ipv4} then
 * {@code wan} for IPv4, {@code wan_ipv6} for IPv6) unless loopback, since Consul sets {@code wan} to the advertise
 * address when nothing else is configured. Only IP literals count; nothing is ever looked up. Pure.
 */
final class WanAddress {

    private WanAddress() {
    }

    static Optional<String> of(CatalogInstance instance, boolean ipv6) {
        Stream<String> configured = Stream.ofNullable(instance.nodeMeta().get("wan-address"));
        Stream<String> tagged = (ipv6 ? List.of("wan_ipv6") : List.of("wan_ipv4", "wan")).stream()
                .map(instance::taggedAddress).flatMap(Optional::stream)
                .filter(a -> literal(a).filter(InetAddress::isLoopbackAddress).isEmpty());
        return Stream.concat(configured, tagged).map(WanAddress::literal).flatMap(Optional::stream)
                .filter(a -> ipv6 ? a instanceof Inet6Address : a instanceof Inet4Address)
                .map(InetAddress::getHostAddress).findFirst()
                .map(a -> ipv6 ? Ipv6Text.canonical(a).orElse(a) : a);
    }

    private static Optional<InetAddress> literal(String text) {
        String t = text.strip();
        if (!t.matches("[0-9A-Fa-f:.]+") || !(t.contains(":") || t.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
