package io.converge.routes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One route as the proxy serves it: requests for {@code host} (exact, or {@code *.example.jp}) under {@code path}
 * go to {@code upstreams}. A value (sorted lists and maps): the room compares routes to decide whether the proxy's
 * configuration must change.
 *
 * @param id             unique in a route set: {@code converge-routes-<name>} for a Route, {@code
 *                       converge-web-<service>} for a service tagged {@code web}; the route's {@code @id} in Caddy
 * @param owner          what the route stands for, in words ({@code routes/web}, {@code service web (tag web)})
 * @param path           a prefix starting with {@code /}
 * @param stripPrefix    remove {@code path} from the request path before it goes upstream
 * @param upstreams      the passing instances, sorted; empty: the proxy answers 503 for this route
 * @param loadBalancing  {@code round_robin}, {@code least_conn} or {@code first}
 * @param requestHeaders set on the request to the upstream
 * @param tls            {@code null}: plain HTTP
 */
public record ProxyRoute(String id, String owner, String host, String path, boolean stripPrefix,
                         List<Upstream> upstreams, String loadBalancing, Map<String, String> requestHeaders,
                         RouteTls tls, RouteAuth auth) {

    public ProxyRoute {
        upstreams = upstreams.stream().sorted().distinct().toList();
        requestHeaders = java.util.Collections.unmodifiableMap(new TreeMap<>(requestHeaders));
    }

    public ProxyRoute withTls(RouteTls other) {
        return new ProxyRoute(id, owner, host, path, stripPrefix, upstreams, loadBalancing, requestHeaders, other,
                auth);
    }

    public ProxyRoute withUpstreams(List<Upstream> others) {
        return new ProxyRoute(id, owner, host, path, stripPrefix, others, loadBalancing, requestHeaders, tls, auth);
    }
}
