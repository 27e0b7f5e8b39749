package io.converge.routes;

import io.converge.kernel.CatalogInstance;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pure: what a Route or a {@code web}-tagged service comes to on a proxy node, from its spec (or the service's
 * registration) and the catalog's instances. No I/O, no clock.
 */
public final class RoutePlanner {
    /** A host as a Route's schema allows it (exact, or one leading {@code *.} label). */
    static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?\\.)*[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?");
    static final Pattern PATH = Pattern.compile("/[^\\s]*");
    static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_]{0,126}[A-Za-z0-9])?");
    /** Where Routes with LDAP auth send Caddy's forward_auth, and the login form's path. */
    public static final String LOGIN_PATH = "/.converge/login";

    private final String authEndpoint;

    /** @param authEndpoint converge's forward-auth endpoint, {@code host:port} ({@code converge.proxy.auth.listen}) */
    public RoutePlanner(String authEndpoint) {
        this.authEndpoint = authEndpoint;
    }

    /** The route of a Route document: its upstreams are the passing instances of its service, on any node. */
    public ProxyRoute plan(String name, RouteSpec spec, List<CatalogInstance> instances) {
        return new ProxyRoute("converge-routes-" + name, "routes/" + name, spec.host(), spec.path(),
                spec.stripPrefix(), upstreams(instances), spec.loadBalancing(), spec.requestHeaders(), tls(spec),
                auth(name, spec.auth()));
    }

    /**
     * The route of a service tagged {@code web} (SPEC §6.3): host meta {@code web-host}, path meta {@code web-path}
     * ({@code /} by default), the passing instances carrying the tag, plain HTTP, no auth. A host, path or service
     * name the proxy cannot use yields the problem instead.
     */
    public Implicit planWeb(String service, List<CatalogInstance> instances) {
        List<CatalogInstance> tagged = instances.stream().filter(i -> i.tags().contains("web")).toList();
        if (tagged.isEmpty()) {
            return new Implicit(null, "");
        }
        Map<String, String> meta = tagged.get(0).meta();
        String host = meta.get("web-host");
        String path = meta.getOrDefault("web-path", "/");
        if (host == null) {
            return new Implicit(null, "");
        }
        if (!SERVICE.matcher(service).matches()) {
            return new Implicit(null, "service name " + service + " cannot name a route");
        }
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            return new Implicit(null, "meta web-host must be a host name (or *.domain); found " + host);
        }
        if (!PATH.matcher(path).matches() || path.length() > 2048) {
            return new Implicit(null, "meta web-path must start with / and hold no space; found " + path);
        }
        return new Implicit(new ProxyRoute("converge-web-" + service, "service " + service + " (tag web)", host, path,
                false, upstreams(tagged), "round_robin", Map.of(), null, new RouteAuth.None()), "");
    }

    /** An implicit route (or {@code null}: the service stands for none), and why it was left out. */
    public record Implicit(ProxyRoute route, String problem) {
    }

    private static List<Upstream> upstreams(List<CatalogInstance> instances) {
        return instances.stream().filter(CatalogInstance::passing)
                .filter(i -> !i.address().isEmpty() && i.port() > 0 && i.port() <= 65535)
                .map(i -> new Upstream(i.address(), i.port())).toList();
    }

    private static RouteTls tls(RouteSpec spec) {
        if (spec.tls() == null) {
            return null;
        }
        return Boolean.TRUE.equals(spec.tls().internal()) ? RouteTls.internal()
                : RouteTls.files(spec.tls().certFile(), spec.tls().keyFile());
    }

    private RouteAuth auth(String name, RouteSpec.Auth auth) {
        return switch (auth.type()) {
            case "basic" -> new RouteAuth.Basic(auth.basic().users().stream()
                    .map(u -> new RouteAuth.BasicUser(u.username(), u.passwordHash())).toList());
            case "ldap" -> new RouteAuth.Forward("http://" + authEndpoint + "/auth/" + name,
                    List.copyOf(auth.ldap().attributes().keySet()), LOGIN_PATH, authEndpoint);
            case "forward" -> new RouteAuth.Forward(auth.forward().url(), auth.forward().copyHeaders(), null, null);
            default -> new RouteAuth.None();
        };
    }
}
