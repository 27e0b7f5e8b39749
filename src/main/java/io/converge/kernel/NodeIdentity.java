package io.converge.kernel;

import java.util.Map;

/**
 * This node as the cluster knows it.
 *
 * @param name    the Consul node name (or {@code converge.node.name})
 * @param address the address other nodes and the local agent reach this node's instances on
 * @param meta    the Consul node meta ({@code site}, ...)
 */
public record NodeIdentity(String name, String address, Map<String, String> meta) {

    public NodeIdentity {
        meta = Map.copyOf(meta);
    }

    public String site() {
        return meta.getOrDefault("site", "");
    }
}
