package io.converge.kernel;

import io.converge.model.PlacementSpec;

/**
 * Decides whether this node runs a resource. The single-node implementation admits every candidate; the
 * lock-based one (Consul sessions, locks and semaphores) plugs in behind the same contract.
 */
public interface Placement {

    enum Role { ACTIVE, STANDBY, NOT_CANDIDATE }

    /** A role and the reason for it, as logged and shown in status. */
    record Decision(Role role, String reason) {
    }

    /** Decides (and, for a lock, contends); called on every pass, so it must be cheap when nothing changed. */
    Decision decide(ResourceKey key, PlacementSpec spec);

    /** Gives up whatever this node holds for the resource (it was deleted). Idempotent. */
    void release(ResourceKey key);
}
