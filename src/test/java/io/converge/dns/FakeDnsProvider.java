package io.converge.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A zone in memory with RFC 2136's discipline: each change's {@code before} must be what the zone holds, else the
 * whole transaction is refused as stale. Records every applied transaction.
 */
final class FakeDnsProvider implements DnsProvider {
    final Map<String, RecordSet> zone = new TreeMap<>();
    final List<List<Change>> transactions = new ArrayList<>();
    /** Run once just before the next apply (someone else writing in between). */
    Runnable beforeNextApply = () -> { };

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public synchronized List<RecordSet> read(String z, Collection<String> names) {
        return zone.values().stream().filter(s -> names.contains(s.name())).toList();
    }

    @Override
    public synchronized List<RecordSet> list(String z) {
        return List.copyOf(zone.values());
    }

    @Override
    public synchronized void apply(String z, List<Change> changes) throws DnsException {
        Runnable hook = beforeNextApply;
        beforeNextApply = () -> { };
        hook.run();
        if (changes.isEmpty()) {
            return;
        }
        for (Change c : changes) {
            if (!Objects.equals(zone.get(c.name() + " " + c.type()), c.before())) {
                throw new DnsException("update", z, "prerequisite failed", true);
            }
        }
        for (Change c : changes) {
            if (c.after() == null) {
                zone.remove(c.name() + " " + c.type());
            } else {
                zone.put(c.name() + " " + c.type(), c.after());
            }
        }
        transactions.add(List.copyOf(changes));
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    synchronized void put(RecordSet set) {
        zone.put(set.name() + " " + set.type(), set);
    }

    synchronized Optional<RecordSet> get(String name, String type) {
        return Optional.ofNullable(zone.get(name + " " + type));
    }
}
