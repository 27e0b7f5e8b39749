package io.converge.services.fakes;

import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.model.PlacementSpec;
import java.util.ArrayList;
import java.util.List;

/** A placement whose decision the test sets. */
public final class FakePlacement implements Placement {
    private volatile Role role = Role.ACTIVE;
    private volatile boolean holds = true;
    private volatile boolean yielding;
    private volatile List<String> holders = List.of();
    private final List<ResourceKey> released = new ArrayList<>();

    public void role(Role next) {
        this.role = next;
    }

    /** What {@link #holds} answers: false simulates a fence during a pass. */
    public void holds(boolean next) {
        this.holds = next;
    }

    public void yielding(boolean next) {
        this.yielding = next;
    }

    public void holders(List<String> next) {
        this.holders = List.copyOf(next);
    }

    @Override
    public Decision decide(ResourceKey key, PlacementSpec spec) {
        return new Decision(role, "test placement says " + role, holders, java.util.Optional.empty(), yielding);
    }

    @Override
    public boolean holds(ResourceKey key) {
        return holds;
    }

    @Override
    public synchronized void release(ResourceKey key) {
        released.add(key);
    }

    public synchronized List<ResourceKey> released() {
        return List.copyOf(released);
    }
}
