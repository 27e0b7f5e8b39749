package io.converge.routes;

import java.util.Comparator;
import java.util.List;

/**
 * Every route converge serves on this proxy node, in the order the proxy must try them: by host, the longest path
 * first (the most specific match wins), then by id. A value; equal sets render to the same configuration.
 */
public record RouteSet(List<ProxyRoute> routes) {
    private static final Comparator<ProxyRoute> ORDER = Comparator.comparing(ProxyRoute::host)
            .thenComparing(Comparator.comparingInt((ProxyRoute r) -> r.path().length()).reversed())
            .thenComparing(ProxyRoute::path).thenComparing(ProxyRoute::id);

    public RouteSet {
        routes = routes.stream().sorted(ORDER).toList();
        if (routes.stream().map(ProxyRoute::id).distinct().count() != routes.size()) {
            throw new IllegalArgumentException("route ids must be unique");
        }
    }
}
