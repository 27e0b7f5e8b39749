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
     * {@code configured} when given; else the agent's tagged addresses {@code wan} and {@code wan_ipv6}; else node
     * meta {@code wan-address}; else none (the forwards then answer on every local address).
     *
     * @throws IllegalArgumentException naming the address that is not an IPv4 or IPv6 literal
     */
    public static List<String> of(Optional<List<String>> configured, NodeIdentity node) {
        List<String> found = configured.filter(l -> !l.isEmpty()).orElseGet(() -> {
            List<String> tagged = Stream.of("wan", "wan_ipv6").flatMap(t -> node.taggedAddress(t).stream()).toList();
            if (!tagged.isEmpty()) {
                return tagged;
            }
            return Optional.ofNullable(node.meta().get("wan-address")).filter(a -> !a.isBlank()).stream().toList();
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
}
