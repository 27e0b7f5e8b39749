package io.converge.kernel;

import io.converge.model.PlacementSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether this node runs a resource. The single-node implementation admits every candidate; the
 * lock-based one (Consul sessions, locks and semaphores) plugs in behind the same contract.
 */
public interface Placement {

    enum Role { ACTIVE, STANDBY, NOT_CANDIDATE }

    /**
     * A role and the reason for it, as logged and shown in status.
     *
     * @param holders    the nodes holding the resource's lock or slots, as this node last saw them; empty when the
     *                   mode takes no lock
     * @param retryAfter ask again after this long even if no event comes (a free lock still in its lock-delay,
     *                   which Consul announces with no event)
     * @param yielding   this node holds the lock or a slot but must give it up: once its instances are gone the
     *                   caller calls {@link #release}
     * @param acquired   this very decision acquired the lock or slot (the resource moves here, or starts here for
     *                   the first time): the moment for {@code backup.restoreOnMove}
     */
    record Decision(Role role, String reason, List<String> holders, Optional<Duration> retryAfter,
                    boolean yielding, boolean acquired) {

        public Decision {
            holders = List.copyOf(holders);
        }

        public Decision(Role role, String reason, List<String> holders, Optional<Duration> retryAfter,
                        boolean yielding) {
            this(role, reason, holders, retryAfter, yielding, false);
        }

        public Decision(Role role, String reason) {
            this(role, reason, List.of(), Optional.empty(), false);
        }

        public boolean active() {
            return role == Role.ACTIVE;
        }
    }

    /** Decides (and, for a lock, contends); called on every pass, so it must be cheap when nothing changed. */
    Decision decide(ResourceKey key, PlacementSpec spec);

    /**
     * True while this node still provably holds what made it active for the resource. Local and immediate (no
     * I/O): asked right after starting an instance, so that an instance started while the node was being fenced
     * is stopped at once.
     */
    boolean holds(ResourceKey key);

    /**
     * True when this node holds the resource with enough of its proof left to start an instance: one started on a
     * proof about to expire would be fenced again at once (say, after an acquire answered late during a Raft
     * election). Local and immediate.
     */
    default boolean confident(ResourceKey key) {
        return holds(key);
    }

    /** Gives up whatever this node holds for the resource (deleted, or yielded). Idempotent. */
    void release(ResourceKey key);

    /** The resource is gone for good: release, and remove lock keys nobody holds any more. Idempotent. */
    default void forget(ResourceKey key) {
        release(key);
    }

    /** Told when this node loses locks it held (its session ended or cannot be confirmed). */
    @FunctionalInterface
    interface FenceListener {
        /** Must stop the instances of these resources at once and without waiting on Consul. */
        void fenced(java.util.Set<ResourceKey> keys, String reason);
    }
}
