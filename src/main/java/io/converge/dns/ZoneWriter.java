package io.converge.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Read → plan → apply for one resource in one zone, one resource at a time per zone (so that two resources wanting
 * the same name are decided one after the other on fresh reads). When the provider reports that the zone changed
 * between the read and the update (an RFC 2136 prerequisite failed), it reads and plans again, up to
 * {@value #ATTEMPTS} times.
 */
final class ZoneWriter {
    static final int ATTEMPTS = 3;

    /** One pass's outcome: the plan applied, and whether it changed anything. */
    record Outcome(DnsPlanner.Plan plan, boolean changed) {
    }

    private final DnsProvider provider;
    private final String owner;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final BooleanSupplier leading;

    /** @param leading asked again just before each write: a node deposed during a pass writes nothing */
    ZoneWriter(DnsProvider provider, String owner, BooleanSupplier leading) {
        this.provider = provider;
        this.owner = owner;
        this.leading = leading;
    }

    /**
     * Brings the resource's records in {@code zone} to {@code want} ({@code null}: none), looking at {@code names}
     * (the wanted name and any it held before) and their ownership names.
     */
    Outcome converge(String zone, String resource, Collection<String> names, RecordSet want) throws DnsException {
        TreeSet<String> read = new TreeSet<>();
        for (String name : names) {
            read.add(name);
            read.add(Ownership.nameFor(name));
        }
        synchronized (locks.computeIfAbsent(zone, z -> new Object())) {
            for (int attempt = 1; ; attempt++) {
                List<RecordSet> observed = new ArrayList<>(provider.read(zone, read));
                DnsPlanner.Plan plan = DnsPlanner.plan(owner, resource, want, observed);
                if (!plan.changes().isEmpty() && !leading.getAsBoolean()) {
                    throw new DnsException("write", zone, "this node no longer leads; the new leader writes", false);
                }
                try {
                    provider.apply(zone, plan.changes());
                    return new Outcome(plan, !plan.changes().isEmpty());
                } catch (DnsException e) {
                    if (!e.stale() || attempt >= ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }
}
