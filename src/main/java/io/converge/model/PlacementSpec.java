package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Where a resource may run (SPEC §6.1 {@code placement}), with defaults applied.
 *
 * @param mode      {@code singleton}, {@code replicated} or {@code every}
 * @param lockDelay Consul session lock-delay, e.g. {@code 15s}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlacementSpec(String mode, Integer replicas, List<String> nodes, Map<String, String> nodeMeta,
                            String lockDelay) {

    public PlacementSpec {
        mode = mode == null ? "singleton" : mode;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        nodeMeta = nodeMeta == null ? Map.of() : Map.copyOf(nodeMeta);
        lockDelay = lockDelay == null ? "15s" : lockDelay;
    }

    public static PlacementSpec defaults() {
        return new PlacementSpec(null, null, null, null, null);
    }

    /** True when a node of this name and meta is among the candidates. */
    public boolean admits(String node, Map<String, String> meta) {
        if (!nodes.isEmpty() && !nodes.contains(node)) {
            return false;
        }
        return nodeMeta.entrySet().stream().allMatch(e -> e.getValue().equals(meta.get(e.getKey())));
    }
}
