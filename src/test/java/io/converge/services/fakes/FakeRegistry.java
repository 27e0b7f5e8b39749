package io.converge.services.fakes;

import io.converge.services.InstanceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A local agent in memory. A registration's check starts {@code critical} (as Consul's do) until the test
 * reports another status with {@link #health(String, String)}. Every mutation is recorded.
 */
public final class FakeRegistry implements InstanceRegistry {
    private final Map<String, Registration> registrations = new TreeMap<>();
    private final Map<String, String> health = new TreeMap<>();
    private final List<String> mutations = new ArrayList<>();

    public synchronized void health(String id, String status) {
        health.put(id, status);
    }

    public synchronized List<String> mutations() {
        return List.copyOf(mutations);
    }

    public synchronized Optional<Registration> registered(String id) {
        return Optional.ofNullable(registrations.get(id));
    }

    @Override
    public synchronized void register(Registration registration) {
        mutations.add("register " + registration.id() + " " + registration.tags());
        registrations.put(registration.id(), registration);
    }

    @Override
    public synchronized void deregister(String id) {
        mutations.add("deregister " + id);
        registrations.remove(id);
        health.remove(id);
    }

    @Override
    public synchronized Optional<Registration> lookup(String id) {
        return Optional.ofNullable(registrations.get(id));
    }

    @Override
    public synchronized Optional<String> health(String id) {
        return registrations.containsKey(id) ? Optional.of(health.getOrDefault(id, "critical")) : Optional.empty();
    }

    @Override
    public synchronized List<String> managedIds(String prefix) {
        return registrations.values().stream().filter(r -> r.id().startsWith("converge-"))
                .filter(r -> prefix.equals(r.meta().get("converge-prefix"))).map(Registration::id).toList();
    }
}
