package io.converge.dnat;

import io.converge.kernel.NodeIdentity;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Which addresses of this node the forwards answer on. Pure. */
public final class WanAddresses {
    private WanAddresses() {
    }

    /**
     * {@code configured} when given; else node meta {@code wan-address} (comma-separated); else the agent's tagged
     * addresses {@code wan} and {@code wan_ipv6} that are not loopback addresses (Consul sets {@code wan} to the
     * advertise address when nobody configured it, which is {@code 127.0.0.1} on a dev agent: no packet from outside
     * ever reaches it); else none (the forwards then answer on every local address).
     *
     * @throws IllegalArgumentException naming the address that is not an IPv4 or IPv6 literal
     */
    public static List<String> of(Optional<List<String>> configured, NodeIdentity node) {
        List<String> found = configured.filter(l -> !l.isEmpty()).orElseGet(() -> {
            Optional<String> meta = Optional.ofNullable(node.meta().get("wan-address")).filter(a -> !a.isBlank());
            if (meta.isPresent()) {
                return Stream.of(meta.get().split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
            }
            return Stream.of("wan", "wan_ipv6").flatMap(t -> node.taggedAddress(t).stream())
                    .filter(a -> !loopback(a)).toList();
        });
        for (String address : found) {
            if (Cidr.literal(address).isEmpty() || address.contains("/")) {
                throw new IllegalArgumentException("WAN address " + address
                        + " is not an IPv4 or IPv6 address (converge.dnat.wan-addresses, the agent's tagged address"
                        + " wan/wan_ipv6, or node meta wan-address)");
            }
        }
        return found.stream().distinct().sorted().toList();
    }

    private static boolean loopback(String address) {
        return Cidr.literal(address).map(b -> b.length == 4 ? b[0] == 127 : address.equals("::1")
                || java.util.Arrays.equals(b, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
                .orElse(false);
    }
}
