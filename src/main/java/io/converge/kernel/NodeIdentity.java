package io.converge.kernel;

import java.util.Map;
import java.util.Optional;

/**
 * This node as the cluster knows it.
 *
 * @param name            the Consul node name (or {@code converge.node.name})
 * @param address         the address other nodes and the local agent reach this node's instances on
 * @param meta            the Consul node meta ({@code site}, {@code wan-address}, ...)
 * @param taggedAddresses the agent's tagged addresses ({@code lan}, {@code wan}, {@code wan_ipv6}, ...)
 */
public record NodeIdentity(String name, String address, Map<String, String> meta,
                           Map<String, String> taggedAddresses) {

    public NodeIdentity {
        meta = Map.copyOf(meta);
        taggedAddresses = Map.copyOf(taggedAddresses);
    }

    public NodeIdentity(String name, String address, Map<String, String> meta) {
        this(name, address, meta, Map.of());
    }

    public String site() {
        return meta.getOrDefault("site", "");
    }

    /** One of the agent's tagged addresses, if set and not blank. */
    public Optional<String> taggedAddress(String tag) {
        return Optional.ofNullable(taggedAddresses.get(tag)).filter(a -> !a.isBlank());
    }
}
