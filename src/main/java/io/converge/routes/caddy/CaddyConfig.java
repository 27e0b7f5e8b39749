package io.converge.routes.caddy;

import static io.converge.routes.caddy.Nodes.arr;
import static io.converge.routes.caddy.Nodes.obj;
import static io.converge.routes.caddy.Nodes.strings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteSet;
import io.converge.routes.RouteTls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link RouteSet} into converge's part of Caddy's configuration (pure and deterministic: the same set
 * renders to the same bytes, whatever order it was built in):
 * <ul>
 * <li>{@link #server}: the server {@code apps.http.servers.<server>} with {@code @id} {@value #SERVER_ID}, automatic
 * HTTPS disabled (Caddy never asks an ACME server), one route per {@link ProxyRoute} with its id as {@code @id} (exact
 * hosts before wildcard hosts, then in the set's order), before each TLS route its HTTP→HTTPS redirect on the
 * plain-HTTP listener, and one TLS connection policy per TLS host (SNI chooses the certificate);</li>
 * <li>{@link #tls}: converge's entries of {@code apps.tls} ({@link CaddyTls}).</li>
 * </ul>
 * A route or upstream change changes the server only; the TLS part changes only when a TLS host or file changes.
 */
public final class CaddyConfig {
    public static final String SERVER_ID = "converge-server";
    private static final Comparator<ProxyRoute> EXACT_HOSTS_FIRST =
            Comparator.comparing((ProxyRoute r) -> r.host().startsWith("*."));

    private final String server;
    private final Listeners listeners;

    public CaddyConfig(String server, Listeners listeners) {
        if (server == null || !server.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("converge.proxy.server: '" + server
                    + "' must be letters, digits, '.', '_' or '-' (a key of Caddy's apps.http.servers)");
        }
        this.server = server;
        this.listeners = listeners;
    }

    /** The server's name in {@code apps.http.servers}. */
    public String serverName() {
        return server;
    }

    /** converge's server, the value of {@code apps.http.servers.<server>}. */
    public ObjectNode server(RouteSet set) {
        List<ProxyRoute> ordered = ordered(set);
        ArrayNode routes = arr();
        for (ProxyRoute r : ordered) {
            if (r.tls() != null) {
                routes.add(CaddyRoutes.redirect(r, listeners.httpsPort()));
            }
            routes.add(CaddyRoutes.route(r));
        }
        ObjectNode s = obj("@id", SERVER_ID).<ObjectNode>set("listen", strings(listeners.addresses()))
                .<ObjectNode>set("automatic_https", obj().put("disable", true)).set("routes", routes);
        Map<String, RouteTls> hosts = tlsHosts(ordered);
        if (!hosts.isEmpty()) {
            s.set("tls_connection_policies", CaddyTls.connectionPolicies(hosts));
        }
        return s;
    }

    /** converge's entries of {@code apps.tls} for this set. */
    public CaddyTls.Part tls(RouteSet set) {
        return CaddyTls.part(tlsHosts(ordered(set)));
    }

    private static List<ProxyRoute> ordered(RouteSet set) {
        List<ProxyRoute> routes = new ArrayList<>(set.routes());
        routes.sort(EXACT_HOSTS_FIRST);
        return routes;
    }

    private static Map<String, RouteTls> tlsHosts(List<ProxyRoute> ordered) {
        Map<String, RouteTls> hosts = new LinkedHashMap<>();
        ordered.stream().filter(r -> r.tls() != null).forEach(r -> hosts.putIfAbsent(r.host(), r.tls()));
        return hosts;
    }
}
