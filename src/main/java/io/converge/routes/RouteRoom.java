package io.converge.routes;

import io.converge.kernel.AggregateRoom;
import io.converge.kernel.EventSource;
import io.converge.kernel.RoomContext;
import io.converge.kernel.SpecCache;
import io.converge.model.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The Route room: this proxy node's reverse-proxy routes (SPEC §6.3), from Route documents and services tagged
 * {@code web}, kept as converge's own part of the proxy's configuration. Its own event source reports a proxy that
 * lost converge's part (restarted without its configuration), so that it is restored.
 */
public final class RouteRoom extends AggregateRoom {

    /**
     * @param authEndpoint converge's forward-auth endpoint, {@code host:port}, for Routes with LDAP auth
     * @param realms       where the LDAP settings of those Routes go
     * @param services     what else runs with the room (the forward-auth endpoint), as event sources
     */
    public RouteRoom(RoomContext context, Proxy proxy, String authEndpoint, LdapRealms realms,
                     List<EventSource> services) {
        super(Kind.ROUTE, Scope.PROXY_NODES, reconciler(context, proxy, authEndpoint, realms),
                sources(context, proxy, services), "web", () -> proxy.problem().map(p -> "caddy: " + p));
    }

    private static RouteReconciler reconciler(RoomContext context, Proxy proxy, String authEndpoint,
                                              LdapRealms realms) {
        SpecCache<RouteSpec> specs = new SpecCache<>(Kind.ROUTE, context.desired(), context.statuses(),
                context.validator(), RouteSpec::from, RouteSpec::problems);
        return new RouteReconciler(specs, context.catalog(), new RoutePlanner(authEndpoint), context.sink(), realms,
                new RouteInstaller(proxy, context.clock()),
                new RouteReports(context.statuses(), specs, context.node().name(), context.clock()));
    }

    private static List<EventSource> sources(RoomContext context, Proxy proxy, List<EventSource> services) {
        List<EventSource> all = new ArrayList<>();
        all.add(proxy.lost(() -> context.sink().retryNow(Kind.ROUTE)));
        all.addAll(services);
        return all;
    }
}
