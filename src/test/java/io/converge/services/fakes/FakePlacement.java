package io.converge.services.fakes;

import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.model.PlacementSpec;
import java.util.ArrayList;
import java.util.List;

/** A placement whose decision the test sets. */
public final class FakePlacement implements Placement {
    private volatile Role role = Role.ACTIVE;
    private final List<ResourceKey> released = new ArrayList<>();

    public void role(Role next) {
        this.role = next;
    }

    @Override
    public Decision decide(ResourceKey key, PlacementSpec spec) {
        return new Decision(role, "test placement says " + role);
    }

    @Override
    public synchronized void release(ResourceKey key) {
        released.add(key);
    }

    public synchronized List<ResourceKey> released() {
        return List.copyOf(released);
    }
}
