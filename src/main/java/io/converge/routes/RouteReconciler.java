package io.converge.routes;

import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.Claims;
import io.converge.kernel.Evaluation;
import io.converge.kernel.KeySink;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.ServiceCatalog;
import io.converge.kernel.SpecCache;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.jboss.logging.Logger;

/**
 * The Route room's aggregate reconciler: evaluates each Route and each {@code web}-tagged service into its part of
 * this proxy node's configuration (level-triggered: the spec, the catalog and the certificate files are read again
 * each time), decides who holds a host and path claimed twice, keeps the LDAP realms of the forward-auth endpoint,
 * and applies every part in force as one {@link RouteSet}.
 */
final class RouteReconciler implements AggregateReconciler<RoutePart> {
    private static final Logger LOG = Logger.getLogger(RouteReconciler.class);

    private final SpecCache<RouteSpec> specs;
    private final ServiceCatalog catalog;
    private final RoutePlanner planner;
    private final Claims<HostPath> claims = new Claims<>();
    private final KeySink sink;
    private final LdapRealms realms;
    private final RouteInstaller installer;
    private final RouteReports reports;

    RouteReconciler(SpecCache<RouteSpec> specs, ServiceCatalog catalog, RoutePlanner planner, KeySink sink,
                    LdapRealms realms, RouteInstaller installer, RouteReports reports) {
        this.specs = specs;
        this.catalog = catalog;
        this.planner = planner;
        this.sink = sink;
        this.realms = realms;
        this.installer = installer;
        this.reports = reports;
    }

    @Override
    public Evaluation<RoutePart> evaluate(String name) {
        if (name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)) {
            return implicit(name, name.substring(ReferenceIndex.IMPLICIT_PREFIX.length()));
        }
        Optional<SpecCache.Checked<RouteSpec>> current = specs.current(name);
        if (current.isEmpty()) {
            realms.remove(name);
            claims.release(name, this::requeue);
            return Evaluation.absent();
        }
        SpecCache.Checked<RouteSpec> c = current.get();
        Optional<SpecCache.Checked<RouteSpec>> inForce = c.valid() ? current : specs.lastValid(name);
        if (inForce.isEmpty()) {
            realms.remove(name);
            claims.release(name, this::requeue);
            return Evaluation.invalid(c.problem());
        }
        RoutePart part = resolved(name, usable(planner.plan(name, inForce.get().spec(),
                catalog.instances(inForce.get().spec().service()))));
        RouteSpec.Ldap ldap = inForce.get().spec().auth().ldap();
        if ("ldap".equals(inForce.get().spec().auth().type()) && ldap != null) {
            realms.put(name, ldap);
        } else {
            realms.remove(name);
        }
        return c.valid() ? Evaluation.valid(part) : Evaluation.invalid(c.problem(), part);
    }

    private Evaluation<RoutePart> implicit(String name, String service) {
        RoutePlanner.Implicit plan = planner.planWeb(service, catalog.instances(service));
        if (!plan.problem().isEmpty()) {
            LOG.warnf("service %s (tag web): no route: %s", service, plan.problem());
        }
        if (plan.route() == null) {
            claims.release(name, this::requeue);
            return Evaluation.absent();
        }
        return Evaluation.valid(resolved(name, RoutePart.of(plan.route())));
    }

    /**
     * A route whose certificate files this node cannot use is left out here, saying why; usable files are read
     * into a digest, so that a renewed certificate is sent to the proxy at the next pass (a change or the resync).
     */
    private static RoutePart usable(ProxyRoute route) {
        RoutePart part = RoutePart.of(route);
        if (route.tls() == null || route.tls().isInternal()) {
            return part;
        }
        return TlsFiles.problem(route.tls().certFile(), route.tls().keyFile()).map(part::unusable)
                .orElseGet(() -> RoutePart.of(route.withTls(route.tls().withContents(
                        TlsFiles.digest(route.tls().certFile(), route.tls().keyFile())))));
    }

    private RoutePart resolved(String name, RoutePart part) {
        HostPath key = HostPath.of(part.route());
        List<Claims.Claimant> claimants = claimants(key);
        if (claimants.stream().noneMatch(c -> c.name().equals(name))) {
            claimants.add(new Claims.Claimant(name, part.route().id(), part.route().owner(),
                    name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)));
        }
        Claims.Claimant holder = claims.settle(name, key, claimants, this::requeue);
        return holder.name().equals(name) ? part : part.inConflictWith(holder.owner());
    }

    private void requeue(List<String> names) {
        names.forEach(n -> sink.enqueue(new ResourceKey(Kind.ROUTE, n), Trigger.OBSERVED));
    }

    /** Every route that claims {@code key} now: valid Routes, and web-tagged services. */
    private List<Claims.Claimant> claimants(HostPath key) {
        List<Claims.Claimant> out = new ArrayList<>();
        for (String n : specs.names()) {
            specs.current(n).filter(SpecCache.Checked::valid).map(SpecCache.Checked::spec)
                    .filter(s -> new HostPath(s.host().toLowerCase(java.util.Locale.ROOT), s.path()).equals(key))
                    .ifPresent(s -> out.add(new Claims.Claimant(n, "converge-routes-" + n, "routes/" + n, false)));
        }
        for (String service : catalog.servicesTagged("web")) {
            Optional.ofNullable(planner.planWeb(service, catalog.instances(service)).route())
                    .filter(r -> HostPath.of(r).equals(key))
                    .ifPresent(r -> out.add(new Claims.Claimant(ReferenceIndex.IMPLICIT_PREFIX + service, r.id(),
                            r.owner(), true)));
        }
        return out;
    }

    @Override
    public ApplyResult apply(SortedMap<String, RoutePart> parts) {
        return installer.install(parts);
    }

    @Override
    public void report(String name, Evaluation<RoutePart> evaluation, ApplyResult applied) {
        reports.report(name, evaluation, applied, installer);
    }
}
