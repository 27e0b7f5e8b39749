package io.converge.kernel;

/**
 * The reconciler of a room that acts on the cluster leader only ({@link Room.Scope#LEADER}): on any other node a
 * pass does nothing, so a node that loses leadership stops acting from its next pass on. Watching is not gated:
 * caches stay warm on standbys, and gaining leadership enqueues every key of the kind (the operator's part).
 */
public final class LeaderGate implements Reconciler {
    private final Leadership leadership;
    private final Reconciler inner;

    public LeaderGate(Leadership leadership, Reconciler inner) {
        this.leadership = leadership;
        this.inner = inner;
    }

    /** The reconciler as the operator runs it: gated when the room acts on the leader only. */
    public static Reconciler of(Room room, Leadership leadership) {
        return room.scope() == Room.Scope.LEADER ? new LeaderGate(leadership, room.reconciler()) : room.reconciler();
    }

    @Override
    public Result reconcile(String name) throws Exception {
        return leadership.leading() ? inner.reconcile(name) : Result.done();
    }
}
