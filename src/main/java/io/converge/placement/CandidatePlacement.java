package io.converge.placement;

import io.converge.kernel.NodeIdentity;
import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.model.PlacementSpec;

/**
 * Placement on a single node: this node is active for every resource whose candidates ({@code placement.nodes},
 * {@code placement.nodeMeta}) admit it. Holds no lock; the Consul lock and semaphore placement replaces it for
 * clusters.
 */
public final class CandidatePlacement implements Placement {
    private final NodeIdentity node;

    public CandidatePlacement(NodeIdentity node) {
        this.node = node;
    }

    @Override
    public Decision decide(ResourceKey key, PlacementSpec spec) {
        if (!spec.admits(node.name(), node.meta())) {
            return new Decision(Role.NOT_CANDIDATE, "node " + node.name() + " is not among the candidates");
        }
        return new Decision(Role.ACTIVE, "node " + node.name() + " is a candidate (" + spec.mode() + ")");
    }

    @Override
    public boolean holds(ResourceKey key) {
        return true;
    }

    @Override
    public void release(ResourceKey key) {
        // nothing held
    }
}
