package io.converge.dnat;

import io.converge.kernel.SpecCache;
import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.Claims;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.Evaluation;
import io.converge.kernel.KeySink;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.ServiceCatalog;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.jboss.logging.Logger;

/**
 * The PortForward room's aggregate reconciler: evaluates each PortForward and each {@code export}-tagged service
 * into its part of this node's tables (level-triggered: the spec and the catalog are read again each time), decides
 * who holds a port claimed twice, and applies every part in force as one {@link Ruleset}. Statuses are written by
 * {@link ForwardReports}.
 */
final class ForwardReconciler implements AggregateReconciler<ForwardPart> {
    private static final Logger LOG = Logger.getLogger(ForwardReconciler.class);

    private final SpecCache<PortForwardSpec> specs;
    private final ServiceCatalog catalog;
    private final ForwardPlanner planner;
    private final Claims<PortKey> claims = new Claims<>();
    private final KeySink sink;
    private final Installer installer;
    private final ForwardReports reports;

    ForwardReconciler(SpecCache<PortForwardSpec> specs, ServiceCatalog catalog, ForwardPlanner planner, KeySink sink,
                      Installer installer, ForwardReports reports) {
        this.specs = specs;
        this.catalog = catalog;
        this.planner = planner;
        this.sink = sink;
        this.installer = installer;
        this.reports = reports;
    }

    @Override
    public Evaluation<ForwardPart> evaluate(String name) {
        if (name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)) {
            return implicit(name, name.substring(ReferenceIndex.IMPLICIT_PREFIX.length()));
        }
        Optional<SpecCache.Checked<PortForwardSpec>> current = specs.current(name);
        if (current.isEmpty()) {
            release(name);
            return Evaluation.absent();
        }
        SpecCache.Checked<PortForwardSpec> c = current.get();
        if (c.valid()) {
            return Evaluation.valid(resolved(name, planner.plan(name, c.spec(), catalog.instances(c.spec().service()))));
        }
        Optional<SpecCache.Checked<PortForwardSpec>> last = specs.lastValid(name);
        if (last.isEmpty()) {
            release(name);
            return Evaluation.invalid(c.problem());
        }
        PortForwardSpec spec = last.get().spec();
        return Evaluation.invalid(c.problem(), resolved(name, planner.plan(name, spec,
                catalog.instances(spec.service()))));
    }

    private Evaluation<ForwardPart> implicit(String name, String service) {
        ForwardPlanner.Implicit plan = planner.planExport(service, catalog.instances(service));
        if (!plan.problem().isEmpty()) {
            LOG.warnf("service %s (tag export): not forwarded: %s", service, plan.problem());
        }
        if (!plan.part().selected()) {
            release(name);
            return Evaluation.absent();
        }
        return Evaluation.valid(resolved(name, plan.part()));
    }

    /** Settles who holds the part's port and protocol here; re-queues the others that claimed it or its old one. */
    private ForwardPart resolved(String name, ForwardPart part) {
        if (!part.selected()) {
            release(name);
            return part;
        }
        PortKey key = PortKey.of(part.forward());
        List<Claims.Claimant> claimants = claimants(key);
        if (claimants.stream().noneMatch(c -> c.name().equals(name))) {
            claimants.add(new Claims.Claimant(name, part.forward().id(), part.forward().owner(),
                    name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)));
        }
        Claims.Claimant holder = claims.settle(name, key, claimants, this::requeue);
        return holder.name().equals(name) ? part : part.inConflictWith(holder.owner());
    }

    private void release(String name) {
        claims.release(name, this::requeue);
    }

    private void requeue(List<String> names) {
        names.forEach(n -> sink.enqueue(new ResourceKey(Kind.PORT_FORWARD, n), Trigger.OBSERVED));
    }

    /** Every forward that claims {@code key} on this node now: PortForwards selecting it, exported services here. */
    private List<Claims.Claimant> claimants(PortKey key) {
        List<Claims.Claimant> out = new ArrayList<>();
        for (String n : specs.names()) {
            specs.current(n).filter(SpecCache.Checked::valid).map(SpecCache.Checked::spec)
                    .filter(s -> s.port() == key.port() && s.transport() == key.protocol())
                    .filter(s -> planner.selects(s))
                    .ifPresent(s -> out.add(new Claims.Claimant(n, "pf-" + n, "portforwards/" + n, false)));
        }
        for (String service : catalog.servicesTagged("export")) {
            Optional.ofNullable(planner.planExport(service, catalog.instances(service)).part().forward())
                    .filter(f -> PortKey.of(f).equals(key))
                    .ifPresent(f -> out.add(new Claims.Claimant(ReferenceIndex.IMPLICIT_PREFIX + service, f.id(),
                            f.owner(), true)));
        }
        return out;
    }

    @Override
    public ApplyResult apply(SortedMap<String, ForwardPart> parts) {
        return installer.install(parts);
    }

    @Override
    public void report(String name, Evaluation<ForwardPart> evaluation, ApplyResult applied) {
        reports.report(name, evaluation, applied, installer);
    }
}
