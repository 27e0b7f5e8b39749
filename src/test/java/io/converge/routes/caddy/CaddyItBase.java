package io.converge.routes.caddy;

import io.converge.it.CaddyRig;
import io.converge.it.WebBackends;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteAuth;
import io.converge.routes.RouteSet;
import io.converge.routes.RouteTls;
import io.converge.routes.Upstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Fixtures of the ITs of {@link CaddyProxy}: a real Caddy 2.6 ({@link CaddyRig}) and backends, each test its own. */
abstract class CaddyItBase {
    static final Duration PROBE = Duration.ofMillis(300);

    CaddyRig caddy;
    WebBackends backends;
    CaddyProxy proxy;

    @BeforeEach
    void start() throws Exception {
        caddy = CaddyRig.start();
        backends = new WebBackends(caddy.dir);
        proxy = new CaddyProxy(caddy.admin(), "converge", new Listeners(caddy.listen(), caddy.httpPort),
                Duration.ofSeconds(5), PROBE);
    }

    @AfterEach
    void stop() {
        backends.close();
        caddy.close();
    }

    static ProxyRoute route(String name, String host, String path, int... ports) {
        List<Upstream> upstreams = new ArrayList<>();
        for (int p : ports) {
            upstreams.add(new Upstream("127.0.0.1", p));
        }
        return new ProxyRoute("converge-routes-" + name, "routes/" + name, host, path, false, upstreams,
                "round_robin", Map.of(), null, new RouteAuth.None());
    }

    static ProxyRoute with(ProxyRoute r, RouteTls tls, RouteAuth auth) {
        return new ProxyRoute(r.id(), r.owner(), r.host(), r.path(), r.stripPrefix(), r.upstreams(),
                r.loadBalancing(), r.requestHeaders(), tls, auth);
    }

    static RouteSet set(ProxyRoute... routes) {
        return new RouteSet(List.of(routes));
    }

    static RouteTls files(List<Path> pair) {
        return RouteTls.files(pair.get(0).toString(), pair.get(1).toString());
    }
}
