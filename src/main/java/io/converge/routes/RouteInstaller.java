package io.converge.routes;

import io.converge.kernel.ApplyResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Puts the parts in force into the proxy through the {@link Proxy} port, as one {@link RouteSet}, and remembers
 * what the proxy serves: each route and since when, for status. Called from the room's one worker thread; readable
 * from any.
 */
final class RouteInstaller {
    private static final Logger LOG = Logger.getLogger(RouteInstaller.class);

    /** A route the proxy serves, and since when it serves it as it is. */
    record Held(ProxyRoute route, Instant since) {
    }

    private final Proxy proxy;
    private final InstantSource clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    RouteInstaller(Proxy proxy, InstantSource clock) {
        this.proxy = proxy;
        this.clock = clock;
    }

    ApplyResult install(SortedMap<String, RoutePart> parts) {
        Set<HostPath> taken = new HashSet<>();
        List<ProxyRoute> routes = parts.values().stream().flatMap(p -> p.served().stream())
                .sorted(java.util.Comparator.comparing(ProxyRoute::id))
                .filter(r -> taken.add(HostPath.of(r))).toList();
        try {
            if (proxy.apply(new RouteSet(routes))) {
                LOG.infof("proxy: converge's routes changed, %d routes (%s)", routes.size(), changes(routes));
            }
        } catch (ProxyException e) {
            LOG.errorf("proxy: converge's routes not changed (the previous ones stay): %s", e.getMessage());
            return ApplyResult.failed(e.getMessage());
        }
        Instant at = clock.instant();
        Map<String, ProxyRoute> now = new TreeMap<>();
        routes.forEach(r -> now.put(r.id(), r));
        held.keySet().retainAll(now.keySet());
        now.forEach((id, r) -> held.compute(id, (k, h) -> h != null && h.route().equals(r) ? h : new Held(r, at)));
        return ApplyResult.applied();
    }

    private String changes(List<ProxyRoute> now) {
        List<String> out = new java.util.ArrayList<>();
        Map<String, ProxyRoute> before = new TreeMap<>();
        held.forEach((id, h) -> before.put(id, h.route()));
        for (ProxyRoute r : now) {
            ProxyRoute old = before.remove(r.id());
            if (old == null) {
                out.add("+" + r.owner() + " " + r.host() + r.path() + " -> " + r.upstreams().size() + " upstreams");
            } else if (!old.equals(r)) {
                out.add("~" + r.owner() + " -> " + r.upstreams().stream().map(Upstream::dial).toList());
            }
        }
        before.values().forEach(r -> out.add("-" + r.owner()));
        return out.isEmpty() ? "the same routes as converge last sent: a repair, or the first change" : String.join(", ", out);
    }

    /** What the proxy serves for this route id, if anything. */
    Optional<Held> held(String id) {
        return Optional.ofNullable(held.get(id));
    }
}
