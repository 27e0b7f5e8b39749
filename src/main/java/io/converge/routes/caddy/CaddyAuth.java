package io.converge.routes.caddy;

import static io.converge.routes.caddy.Nodes.arr;
import static io.converge.routes.caddy.Nodes.handler;
import static io.converge.routes.caddy.Nodes.obj;
import static io.converge.routes.caddy.Nodes.strings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.routes.RouteAuth;
import io.converge.routes.Upstream;
import java.net.URI;
import java.util.Comparator;

/** Caddy handlers for a route's authentication (pure). */
final class CaddyAuth {
    private CaddyAuth() {
    }

    /**
     * Caddy's {@code authentication} handler with {@code http_basic}. Bcrypt hashes go as given: Caddy 2.6 takes a
     * hash starting with {@code $} as it is, and base64-decodes only others (its older format).
     */
    static ObjectNode basic(RouteAuth.Basic basic) {
        ArrayNode accounts = arr();
        basic.users().stream().sorted(Comparator.comparing(RouteAuth.BasicUser::username)).forEach(u -> accounts.add(
                obj("username", u.username()).put("password", u.passwordHash())));
        ObjectNode httpBasic = obj("accounts", accounts).set("hash", obj("algorithm", "bcrypt"));
        return handler("authentication").set("providers", obj("http_basic", httpBasic));
    }

    /** Deletes the identity headers the client sent; runs before anything else, whatever the auth answers. */
    static ObjectNode deleteIdentity(RouteAuth.Forward forward) {
        return handler("headers").set("request", obj("delete", strings(forward.copyHeaders())));
    }

    /** The login path, proxied to the login upstream without authentication; null when the route has none. */
    static ObjectNode login(RouteAuth.Forward forward) {
        if (forward.loginPath() == null || forward.loginUpstream() == null) {
            return null;
        }
        ObjectNode proxy = handler("reverse_proxy").set("upstreams", arr(obj("dial", forward.loginUpstream())));
        ObjectNode route = obj("match", arr(obj("path", CaddyRoutes.pathPatterns(forward.loginPath()))))
                .set("handle", arr(proxy));
        return handler("subroute").set("routes", arr(route.put("terminal", true)));
    }

    /**
     * Caddy's forward_auth in JSON: a {@code reverse_proxy} to the auth URL rewritten to {@code GET}, whose 2xx
     * answer falls through to the next handler with {@code copyHeaders} set on the request when the answer has
     * them; any other answer goes back to the client as is.
     */
    static ObjectNode forward(RouteAuth.Forward forward) {
        URI url = URI.create(forward.url());
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String uri = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String host = url.getHost().replaceAll("^\\[|\\]$", "");
        ObjectNode proxy = handler("reverse_proxy").set("upstreams", arr(obj("dial", new Upstream(host, port).dial())));
        if (https) {
            proxy.set("transport", obj("protocol", "http").set("tls", obj()));
        }
        proxy.set("rewrite", obj("method", "GET").put("uri", uri));
        ObjectNode forwarded = obj("X-Forwarded-Method", strings("{http.request.method}"))
                .set("X-Forwarded-Uri", strings("{http.request.uri}"));
        proxy.set("headers", obj("request", obj("set", forwarded)));
        ArrayNode copies = arr(obj("handle", arr(handler("vars"))));
        for (String header : forward.copyHeaders()) {
            copies.add(copy(canonical(header)));
        }
        ObjectNode good = obj("match", obj("status_code", arr().add(2))).set("routes", copies);
        return proxy.set("handle_response", arr(good));
    }

    /** Sets {@code header} from the auth answer only when the answer has it (an absent one stays deleted). */
    private static ObjectNode copy(String header) {
        String placeholder = "{http.reverse_proxy.header." + header + "}";
        // Caddy 2.6.2's vars matcher reads an unset placeholder as "<nil>"; later versions as "".
        ObjectNode unset = obj("vars", obj(placeholder, strings("", "<nil>")));
        ObjectNode set = handler("headers").set("request", obj("set", obj(header, strings(placeholder))));
        return obj("match", arr(obj("not", arr(unset)))).set("handle", arr(set));
    }

    /** Go's {@code http.CanonicalHeaderKey}: the form Caddy keys response headers by. */
    static String canonical(String header) {
        StringBuilder b = new StringBuilder(header.length());
        boolean upper = true;
        for (char c : header.toCharArray()) {
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }
}
