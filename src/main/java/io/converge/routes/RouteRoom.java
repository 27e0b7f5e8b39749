package io.converge.routes;

import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.EventSource;
import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.kernel.SpecCache;
import io.converge.model.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Route room: this proxy node's reverse-proxy routes (SPEC §6.3), from Route documents and services tagged
 * {@code web}, kept as converge's own part of the proxy's configuration. Its own event source reports a proxy that
 * lost converge's part (restarted without its configuration), so that it is restored.
 */
public final class RouteRoom implements Room {
    private final RouteReconciler reconciler;
    private final Proxy proxy;
    private final List<EventSource> sources;

    /**
     * @param authEndpoint converge's forward-auth endpoint, {@code host:port}, for Routes with LDAP auth
     * @param realms       where the LDAP settings of those Routes go
     * @param services     what else runs with the room (the forward-auth endpoint), as event sources
     */
    public RouteRoom(RoomContext context, Proxy proxy, String authEndpoint, LdapRealms realms,
                     List<EventSource> services) {
        this.proxy = proxy;
        SpecCache<RouteSpec> specs = new SpecCache<>(Kind.ROUTE, context.desired(), context.statuses(),
                context.validator(), RouteSpec::from, RouteSpec::problems);
        RouteInstaller installer = new RouteInstaller(proxy, context.clock());
        this.reconciler = new RouteReconciler(specs, context.catalog(), new RoutePlanner(authEndpoint),
                context.sink(), realms, installer,
                new RouteReports(context.statuses(), specs, context.node().name(), context.clock()));
        List<EventSource> all = new java.util.ArrayList<>(services);
        all.add(0, proxy.lost(() -> context.sink().retryNow(Kind.ROUTE)));
        this.sources = List.copyOf(all);
    }

    @Override
    public Kind kind() {
        return Kind.ROUTE;
    }

    @Override
    public Scope scope() {
        return Scope.PROXY_NODES;
    }

    /** Never called: this room applies one whole ({@link #aggregate()}). */
    @Override
    public Reconciler reconciler() {
        throw new UnsupportedOperationException("the Route room is an aggregate room");
    }

    @Override
    public Optional<AggregateReconciler<?>> aggregate() {
        return Optional.of(reconciler);
    }

    /** Nothing to sweep by name: converge's part of the proxy is replaced whole on every change. */
    @Override
    public Collection<String> owned() {
        return List.of();
    }

    @Override
    public List<EventSource> sources() {
        return sources;
    }

    /** The service a Route names, read leniently from the raw document (valid or not). */
    @Override
    public Set<String> references(RawDocument document) {
        return Room.specService(document);
    }

    @Override
    public Set<String> implicitTags() {
        return Set.of("web");
    }

    @Override
    public Optional<String> engineProblem() {
        return proxy.problem().map(p -> "caddy: " + p);
    }
}
