package io.converge.dns;

import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.Reconciler;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Result;
import io.converge.kernel.RoomContext;
import io.converge.kernel.SpecCache;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import io.converge.model.RecordStatus;
import io.converge.model.Status;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One pass over one DnsRecord (or one service tagged {@code export} with meta {@code dns-name}), on the leader
 * only (the operator gates it): what it wants from its spec and the catalog, what the zone holds at its names now,
 * the planner's changes applied in one transaction, and the status. What a resource published before (its status,
 * or for an implicit record this leader's memory) is looked at too, so that a renamed or moved record leaves no
 * trace. A resource that lost a name to another is looked at again when that one lets the name go.
 */
public final class DnsReconciler implements Reconciler {
    private static final Logger LOG = Logger.getLogger(DnsReconciler.class);
    private static final Kind KIND = Kind.DNS_RECORD;
    /** How ownership entries name a resource: {@code dnsrecords/<key>}. */
    static final String RESOURCE_PREFIX = KIND.plural() + "/";

    private final RoomContext context;
    private final SpecCache<DnsRecordSpec> specs;
    private final Desires desires;
    private final ZoneWriter writer;
    private final DnsReports reports;
    private final Map<String, RecordStatus> implicitPublished = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> waiting = new ConcurrentHashMap<>();
    private final Found found;
    private final DnsProvider provider;

    public DnsReconciler(RoomContext context, SpecCache<DnsRecordSpec> specs, Desires desires, DnsProvider provider,
                         String owner) {
        this.context = context;
        this.specs = specs;
        this.desires = desires;
        this.writer = new ZoneWriter(provider, owner,
                () -> context.leadership() == null || context.leadership().leading());
        this.found = new Found(owner);
        this.provider = provider;
        this.reports = new DnsReports(context.statuses(), provider.kind(), context.node().name(), context.clock());
    }

    @Override
    public Result reconcile(String name) throws Exception {
        if (ReferenceIndex.isImplicit(new ResourceKey(KIND, name))) {
            return implicit(name);
        }
        Optional<SpecCache.Checked<DnsRecordSpec>> current = specs.current(name);
        Optional<RecordStatus> before = context.statuses().read(KIND, name).map(Status::dns);
        if (current.isEmpty()) {
            release(name, places(name, before));
            reports.deleted(name);
            return Result.done();
        }
        SpecCache.Checked<DnsRecordSpec> checked = current.get();
        SpecCache.Checked<DnsRecordSpec> inForce = checked.valid() ? checked : specs.lastValid(name).orElse(null);
        if (inForce == null) {
            reports.invalid(name, checked);
            return Result.terminal(checked.problem());
        }
        Wanted wanted = desires.of(name, inForce.spec(), target(before));
        try {
            ZoneWriter.Outcome outcome = converge(name, wanted, before);
            reports.written(name, checked, inForce, wanted, outcome, before);
            return Result.done();
        } catch (DnsException e) {
            if (context.leadership() != null && !context.leadership().leading()) {
                LOG.infof("%s/%s: not written: this node no longer leads", KIND.plural(), name);
                return Result.done();   // the new leader looks at everything; a deposed node writes no status
            }
            reports.failed(name, checked, inForce, wanted, e.getMessage(), before);
            return Result.retry(e.getMessage());
        }
    }

    private Result implicit(String name) throws DnsException {
        String service = name.substring(ReferenceIndex.IMPLICIT_PREFIX.length());
        Optional<RecordStatus> before = Optional.ofNullable(implicitPublished.get(name));
        Optional<Wanted> wanted = desires.implicit(service, target(before));
        if (wanted.isEmpty()) {
            release(name, places(name, before));
            implicitPublished.remove(name);
            return Result.done();
        }
        ZoneWriter.Outcome outcome = converge(name, wanted.get(), before);
        implicitPublished.put(name, reports.published(wanted.get(), outcome));
        return Result.done();
    }

    /** Brings the resource's records to {@code wanted}, releasing names or zones it held before. */
    private ZoneWriter.Outcome converge(String name, Wanted wanted, Optional<RecordStatus> before)
            throws DnsException {
        Set<String> names = new LinkedHashSet<>(List.of(wanted.name()));
        Set<Found.Place> elsewhere = new LinkedHashSet<>();
        for (Found.Place p : places(name, before)) {
            if (p.zone().equals(wanted.zone())) {
                names.add(p.name());
            } else {
                elsewhere.add(p);
            }
        }
        release(name, elsewhere);
        if (wanted.zone().isEmpty()) {
            return new ZoneWriter.Outcome(new DnsPlanner.Plan(List.of(), Optional.empty(), Optional.empty(),
                    Set.of()), false);
        }
        ZoneWriter.Outcome outcome = writer.converge(wanted.zone(), RESOURCE_PREFIX + name, names, wanted.set());
        settled(name, outcome);
        found.forget(name);
        log(name, wanted, outcome);
        return outcome;
    }

    /** Where the resource may hold names: its status (or this leader's memory) and the last zone listing. */
    private Set<Found.Place> places(String name, Optional<RecordStatus> before) {
        Set<Found.Place> places = new LinkedHashSet<>(found.of(name));
        before.filter(b -> b.zone() != null && !b.zone().isEmpty() && b.name() != null)
                .ifPresent(b -> places.add(new Found.Place(b.zone(), b.name())));
        return places;
    }

    /** Deletes what the resource holds at these places (its document is gone, or it wants nothing there now). */
    private void release(String name, Set<Found.Place> places) {
        for (Found.Place p : places) {
            try {
                ZoneWriter.Outcome outcome = writer.converge(p.zone(), RESOURCE_PREFIX + name, List.of(p.name()),
                        null);
                settled(name, outcome);
                if (outcome.changed()) {
                    LOG.infof("%s/%s: %s deleted", KIND.plural(), name, p.name());
                }
            } catch (DnsException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        if (!places.isEmpty()) {
            found.forget(name);
        }
    }

    /**
     * Lists the zones and remembers where this cluster's ownership records say each resource holds names; returns
     * those resources' keys (for the start-up and resync listings). A zone that cannot be listed (an RFC 2136
     * server refusing the transfer) is skipped and logged.
     */
    Set<String> scan(List<String> zones) {
        Set<String> keys = new java.util.TreeSet<>();
        for (String zone : zones) {
            try {
                keys.addAll(found.listed(zone, provider.list(zone)));
            } catch (DnsException | RuntimeException e) {
                LOG.debugf("%s: zone %s not listed (%s); records are found from their statuses", KIND.plural(), zone,
                        e.getMessage());
            }
        }
        return keys;
    }

    /** Keeps the conflict waiting list: a loser waits on the name; a name let go wakes its waiters. */
    private void settled(String name, ZoneWriter.Outcome outcome) {
        waiting.values().forEach(w -> w.remove(name));
        for (String released : outcome.plan().released()) {
            Set<String> keys = waiting.remove(released);
            if (keys != null) {
                keys.forEach(k -> context.sink().enqueue(new ResourceKey(KIND, k), Trigger.OBSERVED));
            }
        }
    }

    /** Records that {@code name} waits for {@code recordName} to be let go. */
    void waitFor(String name, String recordName) {
        waiting.computeIfAbsent(recordName, r -> ConcurrentHashMap.newKeySet()).add(name);
    }

    private void log(String name, Wanted wanted, ZoneWriter.Outcome outcome) {
        if (outcome.plan().conflict().isPresent()) {
            waitFor(name, wanted.name());
            LOG.infof("%s/%s: not published: %s", KIND.plural(), name, outcome.plan().conflict().get());
        } else if (outcome.changed() && wanted.set() != null) {
            LOG.infof("%s/%s: %s %s %s (ttl %d) published", KIND.plural(), name, wanted.name(), wanted.type(),
                    String.join(" ", wanted.set().values()), wanted.set().ttl());
        } else if (outcome.changed()) {
            LOG.infof("%s/%s: %s %s deleted: %s", KIND.plural(), name, wanted.name(), wanted.type(), wanted.why());
        }
    }

    private static Optional<String> target(Optional<RecordStatus> before) {
        return before.filter(b -> "CNAME".equals(b.type()) && b.values() != null && !b.values().isEmpty())
                .map(b -> b.values().get(0));
    }
}
