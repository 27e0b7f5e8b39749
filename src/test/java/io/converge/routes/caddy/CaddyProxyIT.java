package io.converge.routes.caddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.converge.it.CaddyRig;
import io.converge.it.Cmd;
import io.converge.it.TestCa;
import io.converge.it.WebBackends;
import io.converge.kernel.EventSource;
import io.converge.routes.ProxyException;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteAuth;
import io.converge.routes.RouteSet;
import io.converge.routes.RouteTls;
import io.converge.routes.Upstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CaddyProxy} against a real Caddy 2.6 ({@link CaddyRig}) with real backends; each test has its own. */
class CaddyProxyIT {
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

    @Test
    void routesByHostAndPathPrefix() throws Exception {
        int a = backends.httpd("a");
        int api = backends.echo("api");
        proxy.apply(set(route("a", "a.test", "/", a), route("api", "a.test", "/api", api),
                route("wild", "*.wild.test", "/", api)));

        assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
        assertThat(caddy.http("a.test", "/api").body()).startsWith("api /api\n");
        assertThat(caddy.http("a.test", "/api/x?y=1").body()).startsWith("api /api/x?y=1\n");
        assertThat(caddy.http("a.test", "/apix").body()).isEqualTo("a");
        assertThat(caddy.http("x.wild.test", "/z").body()).startsWith("api /z\n");
        assertThat(caddy.http("b.test", "/").body()).isEmpty(); // Caddy answers a host without a route empty
    }

    @Test
    void stripsThePrefixAndSetsRequestHeaders() throws Exception {
        int api = backends.echo("api");
        ProxyRoute r = route("api", "a.test", "/api", api);
        proxy.apply(set(new ProxyRoute(r.id(), r.owner(), r.host(), r.path(), true, r.upstreams(), "round_robin",
                Map.of("X-Env", "test"), null, null)));

        CaddyRig.Reply reply = caddy.http("a.test", "/api/x");
        assertThat(reply.body()).startsWith("api /x\n").contains("x-env: test\n");
    }

    @Test
    void aRouteWithoutUpstreamsAnswers503AtOnce() throws Exception {
        proxy.apply(set(route("none", "a.test", "/")));
        long t0 = System.nanoTime();
        CaddyRig.Reply reply = caddy.http("a.test", "/");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void balancesOverTwoUpstreamsOrTakesTheFirst() throws Exception {
        int one = backends.httpd("one");
        int two = backends.httpd("two");
        proxy.apply(set(route("rr", "rr.test", "/", one, two)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(caddy.http("rr.test", "/").body());
        }
        assertThat(seen).containsExactlyInAnyOrder("one", "two");

        ProxyRoute first = route("rr", "rr.test", "/", one, two);
        proxy.apply(set(new ProxyRoute(first.id(), first.owner(), first.host(), "/", false, first.upstreams(),
                "first", Map.of(), null, null)));
        String expected = one < two ? "one" : "two"; // upstreams are sorted by address, then port
        for (int i = 0; i < 4; i++) {
            assertThat(caddy.http("rr.test", "/").body()).isEqualTo(expected);
        }
    }

    @Test
    void certificateFilesChosenBySni() throws Exception {
        int a = backends.httpd("a");
        TestCa ca = TestCa.create(caddy.dir.resolve("ca"));
        List<Path> wild = ca.issue("wild", "*.tls.test");
        List<Path> other = ca.issue("other", "other.test");
        proxy.apply(set(with(route("w", "*.tls.test", "/", a), files(wild), null),
                with(route("o", "other.test", "/", a), files(other), null)));

        CaddyRig.Reply w = caddy.https("x.tls.test", "/", "--cacert", ca.cert.toString());
        assertThat(w.status()).as(w.trace()).isEqualTo(200);
        assertThat(w.body()).isEqualTo("a");
        assertThat(w.trace()).contains("subject: CN=*.tls.test");
        CaddyRig.Reply o = caddy.https("other.test", "/", "--cacert", ca.cert.toString());
        assertThat(o.body()).isEqualTo("a");
        assertThat(o.trace()).contains("subject: CN=other.test");
    }

    @Test
    void internalIssuerWithoutInternetAndRedirectFromHttp() throws Exception {
        int a = backends.httpd("a");
        proxy.apply(set(with(route("i", "int.test", "/", a), RouteTls.internal(), null)));

        CaddyRig.Reply reply = await().atMost(Duration.ofSeconds(10)).until(
                () -> caddy.https("int.test", "/", "--cacert", caddy.internalRoot().toString()),
                r -> r.status() == 200);
        assertThat(reply.body()).isEqualTo("a");
        assertThat(reply.trace()).contains("issuer: CN=Caddy Local Authority");
        CaddyRig.Reply redirect = caddy.http("int.test", "/p?q=1");
        assertThat(redirect.status()).isEqualTo(308);
        assertThat(redirect.trace()).contains("Location: https://int.test:" + caddy.httpsPort + "/p?q=1");
        assertThat(Cmd.run("grep", "-c", "acme", caddy.dir.resolve("caddy.log").toString()).out().trim())
                .isEqualTo("0");
    }

    static RouteTls files(List<Path> pair) {
        return RouteTls.files(pair.get(0).toString(), pair.get(1).toString());
    }
}
