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
    private volatile boolean acquired;
    private volatile List<String> holders = List.of();
    private volatile java.util.Optional<java.time.Duration> retryAfter = java.util.Optional.empty();
    private final List<ResourceKey> released = new ArrayList<>();

    public void role(Role next) {
        this.role = next;
    }

    /** What {@link #holds} answers: false simulates a fence during a pass. */
    public void holds(boolean next) {
        this.holds = next;
    }

    /** The next decisions say they acquired the lock (a takeover). */
    public void acquired(boolean next) {
        this.acquired = next;
    }

    public void yielding(boolean next) {
        this.yielding = next;
    }

    public void retryAfter(java.time.Duration d) {
        this.retryAfter = java.util.Optional.of(d);
    }

    public void holders(List<String> next) {
        this.holders = List.copyOf(next);
    }

    @Override
    public Decision decide(ResourceKey key, PlacementSpec spec) {
        return new Decision(role, "test placement says " + role, holders, retryAfter, yielding, acquired);
    }

    @Override
    public boolean holds(ResourceKey key) {
        return holds;
    }

    private volatile boolean confident = true;

    /** What {@link #confident} answers: false simulates a proof about to expire. */
    public void confident(boolean next) {
        this.confident = next;
    }

    @Override
    public boolean confident(ResourceKey key) {
        return confident;
    }

    private volatile java.util.function.BooleanSupplier instancesPresent = () -> false;
    private int releasedWhileInstances;

    /** Tells the fake how to see whether instances still exist when it is asked to release. */
    public void instancesPresent(java.util.function.BooleanSupplier s) {
        this.instancesPresent = s;
    }

    @Override
    public synchronized void release(ResourceKey key) {
        released.add(key);
        if (instancesPresent.getAsBoolean()) {
            releasedWhileInstances++;
        }
    }

    public synchronized int releasedWhileInstances() {
        return releasedWhileInstances;
    }

    public synchronized List<ResourceKey> released() {
        return List.copyOf(released);
    }
}
