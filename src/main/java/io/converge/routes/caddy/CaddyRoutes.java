package io.converge.routes.caddy;

import static io.converge.routes.caddy.Nodes.arr;
import static io.converge.routes.caddy.Nodes.handler;
import static io.converge.routes.caddy.Nodes.obj;
import static io.converge.routes.caddy.Nodes.strings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteAuth;
import io.converge.routes.Upstream;
import java.util.List;

/** One {@link ProxyRoute} as Caddy routes (pure). */
final class CaddyRoutes {
    static final String NO_UPSTREAM = "503 no passing instance for this route\n";

    private CaddyRoutes() {
    }

    /**
     * The route: matches its host and path prefix, then (in this order) deletes the client's identity headers,
     * serves the login path, authenticates, strips the prefix and proxies to the upstreams, or answers 503 when
     * there are none.
     */
    static ObjectNode route(ProxyRoute r) {
        ArrayNode handle = arr();
        RouteAuth auth = r.auth() == null ? new RouteAuth.None() : r.auth();
        if (auth instanceof RouteAuth.Forward forward) {
            if (!forward.copyHeaders().isEmpty()) {
                handle.add(CaddyAuth.deleteIdentity(forward));
            }
            ObjectNode login = CaddyAuth.login(forward);
            if (login != null) {
                handle.add(login);
            }
            handle.add(CaddyAuth.forward(forward));
        } else if (auth instanceof RouteAuth.Basic basic) {
            handle.add(CaddyAuth.basic(basic));
        }
        if (r.stripPrefix() && !"/".equals(r.path())) {
            handle.add(handler("rewrite").put("strip_path_prefix", trimSlash(r.path())));
        }
        handle.add(r.upstreams().isEmpty() ? unavailable() : proxy(r));
        ArrayNode matchers = arr(match(r));
        if (auth instanceof RouteAuth.Forward f && f.loginPath() != null && !"/".equals(r.path())) {
            // the login form lives at the host's root, outside the route's own path: match it too
            matchers.add(obj("host", strings(r.host())).set("path", pathPatterns(f.loginPath())));
        }
        return obj("@id", r.id()).<ObjectNode>set("match", matchers).<ObjectNode>set("handle", handle)
                .put("terminal", true);
    }

    /** On the plain-HTTP listener, a TLS route's requests are redirected to HTTPS (308 keeps the method). */
    static ObjectNode redirect(ProxyRoute r, int httpsPort) {
        String location = "https://{http.request.host}" + (httpsPort == 443 ? "" : ":" + httpsPort)
                + "{http.request.uri}";
        ObjectNode response = handler("static_response").put("status_code", 308)
                .set("headers", obj("Location", strings(location)));
        return obj("match", arr(match(r).put("protocol", "http"))).<ObjectNode>set("handle", arr(response))
                .put("terminal", true);
    }

    /** {@code /api} matches {@code /api} and {@code /api/...}, not {@code /apix}; {@code /} matches everything. */
    static ArrayNode pathPatterns(String path) {
        String base = trimSlash(path);
        return base.isEmpty() ? strings("/*") : strings(base, base + "/*");
    }

    private static ObjectNode match(ProxyRoute r) {
        ObjectNode m = obj("host", strings(r.host()));
        if (!"/".equals(r.path())) {
            m.set("path", pathPatterns(r.path()));
        }
        return m;
    }

    private static ObjectNode proxy(ProxyRoute r) {
        ArrayNode upstreams = arr();
        for (Upstream u : r.upstreams()) {
            upstreams.add(obj("dial", u.dial()));
        }
        ObjectNode proxy = handler("reverse_proxy").set("upstreams", upstreams);
        String policy = r.loadBalancing() == null ? "round_robin" : r.loadBalancing();
        proxy.set("load_balancing", obj("selection_policy", obj("policy", policy)));
        if (!r.requestHeaders().isEmpty()) {
            ObjectNode set = obj();
            r.requestHeaders().forEach((k, v) -> set.set(k, strings(List.of(v))));
            proxy.set("headers", obj("request", obj("set", set)));
        }
        return proxy;
    }

    private static ObjectNode unavailable() {
        return handler("static_response").put("status_code", 503).put("body", NO_UPSTREAM)
                .set("headers", obj("Content-Type", strings("text/plain; charset=utf-8")));
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
