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

    @Test
    void basicAuthWithBcryptHashes() throws Exception {
        int a = backends.httpd("a");
        String hash = Cmd.run("caddy", "hash-password", "--plaintext", "s3cret").check().out().trim();
        assertThat(hash).startsWith("$2a$");
        proxy.apply(set(with(route("b", "b.test", "/", a), null,
                new RouteAuth.Basic(List.of(new RouteAuth.BasicUser("amy", hash))))));

        assertThat(caddy.http("b.test", "/").status()).isEqualTo(401);
        assertThat(caddy.http("b.test", "/", "-u", "amy:wrong").status()).isEqualTo(401);
        assertThat(caddy.http("b.test", "/", "-u", "bob:s3cret").status()).isEqualTo(401);
        CaddyRig.Reply ok = caddy.http("b.test", "/", "-u", "amy:s3cret");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("a");
    }

    /** The test's auth server: "Bearer alice" passes as alice, "Bearer anon" passes with no identity, else 401. */
    int authServer() throws Exception {
        return backends.serve(exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            return switch (auth) {
                case "Bearer alice" -> new WebBackends.Answer(200, List.of("X-User", "alice", "X-Mail", "a@x.test"), "");
                case "Bearer anon" -> new WebBackends.Answer(200, List.of(), "");
                default -> new WebBackends.Answer(401, List.of("WWW-Authenticate", "Bearer"), "who are you?");
            };
        });
    }

    @Test
    void forwardAuthAllowsDeniesCopiesAndDeletesClientIdentity() throws Exception {
        int app = backends.echo("app");
        int login = backends.echo("login");
        int auth = authServer();
        RouteAuth.Forward forward = new RouteAuth.Forward("http://127.0.0.1:" + auth + "/check",
                List.of("X-User", "x-mail"), "/.converge/login", "127.0.0.1:" + login);
        proxy.apply(set(with(route("f", "f.test", "/", app), null, forward)));

        CaddyRig.Reply denied = caddy.http("f.test", "/x", "-H", "X-User: mallory");
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.body()).isEqualTo("who are you?");
        CaddyRig.Reply alice = caddy.http("f.test", "/x", "-H", "Authorization: Bearer alice",
                "-H", "X-User: mallory");
        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.body()).startsWith("app /x\n").contains("x-user: alice\n", "x-mail: a@x.test\n")
                .doesNotContain("mallory");
        CaddyRig.Reply anon = caddy.http("f.test", "/x", "-H", "Authorization: Bearer anon",
                "-H", "X-User: mallory", "-H", "X-Mail: m@evil.test");
        assertThat(anon.status()).isEqualTo(200);
        assertThat(anon.body()).startsWith("app /x\n").doesNotContain("x-user", "x-mail", "mallory", "evil");
        CaddyRig.Reply form = caddy.http("f.test", "/.converge/login?next=/x", "-H", "X-User: mallory");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).startsWith("login /.converge/login?next=/x\n").doesNotContain("mallory");
    }

    @Test
    void aRefusedConfigIsAProxyExceptionAndThePreviousRoutesServe() throws Exception {
        int a = backends.httpd("a");
        RouteSet good = set(route("a", "a.test", "/", a));
        proxy.apply(good);
        RouteSet bad = set(route("a", "a.test", "/", a), with(route("t", "t.test", "/", a),
                RouteTls.files("/nonexistent/t.crt", "/nonexistent/t.key"), null));

        // Caddy 2.6.2 answers 500 when a configuration fails to load (400 is for JSON and path errors)
        assertThatThrownBy(() -> proxy.apply(bad)).isInstanceOf(ProxyException.class)
                .hasMessageContaining("POST " + caddy.admin() + "/config/apps/tls (500)")
                .hasMessageContaining("open /nonexistent/t.crt: no such file or directory")
                .satisfies(e -> assertThat(((ProxyException) e).status()).isEqualTo(500));
        assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
        assertThat(proxy.apply(good)).isFalse(); // re-read: Caddy still holds the good set, nothing is sent
        assertThatThrownBy(() -> proxy.apply(bad)).isInstanceOf(ProxyException.class);
        assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
    }

    @Test
    void theForeignServerRouteAndTlsEntriesSurviveEveryApply() throws Exception {
        int a = backends.httpd("a");
        TestCa ca = TestCa.create(caddy.dir.resolve("ca"));
        var foreign = caddy.foreignPart();
        assertThat(foreign.at("/apps/http/servers/foreign/routes/0/@id").asText()).isEqualTo("foreign-route");
        String hash = Cmd.run("caddy", "hash-password", "--plaintext", "pw").check().out().trim();
        List<RouteSet> sets = List.of(set(route("a", "a.test", "/", a)),
                set(with(route("a", "a.test", "/", a), files(ca.issue("a", "a.test")), null),
                        with(route("i", "i.test", "/", a), RouteTls.internal(), null)),
                set(with(route("b", "b.test", "/api", a), null,
                        new RouteAuth.Basic(List.of(new RouteAuth.BasicUser("u", hash))))),
                set());
        for (RouteSet s : sets) {
            proxy.apply(s);
            assertThat(caddy.foreignPart()).isEqualTo(foreign);
            assertThat(caddy.curl("http", "foreign.test", caddy.foreignPort, "/").body()).isEqualTo("foreign");
        }
        assertThat(caddy.get("/config/apps/http/servers/converge/routes")).isEmpty();
    }

    @Test
    void anUnchangedApplySendsNothingAndAChangeIsOneRequest() throws Exception {
        int one = backends.httpd("one");
        int two = backends.httpd("two");
        assertThat(proxy.apply(set(route("a", "a.test", "/", one), route("b", "b.test", "/", two)))).isTrue();
        long before = proxy.adminRequests();

        assertThat(proxy.apply(set(route("b", "b.test", "/", two), route("a", "a.test", "/", one)))).isFalse();
        assertThat(proxy.adminRequests()).isEqualTo(before);

        assertThat(proxy.apply(set(route("a", "a.test", "/", one, two), route("b", "b.test", "/", two)))).isTrue();
        assertThat(proxy.adminRequests()).isEqualTo(before + 1);
        assertThat(proxy.apply(set(route("a", "a.test", "/", two, one), route("b", "b.test", "/", two)))).isFalse();
        assertThat(proxy.adminRequests()).isEqualTo(before + 1);

        ProxyRoute tls = with(route("b", "b.test", "/", two), RouteTls.internal(), null);
        assertThat(proxy.apply(set(route("a", "a.test", "/", one, two), tls))).isTrue();
        assertThat(proxy.adminRequests()).as("a TLS change: GET and POST of apps.tls, POST of the server")
                .isEqualTo(before + 4);
    }

    @Test
    void aCaddyRestartedWithoutItsConfigIsNoticedByTheProbeAndRepaired() throws Exception {
        int a = backends.httpd("a");
        RouteSet routes = set(route("a", "a.test", "/", a), with(route("i", "i.test", "/", a),
                RouteTls.internal(), null));
        proxy.apply(routes);
        AtomicInteger lost = new AtomicInteger();
        try (EventSource probe = proxy.lost(lost::incrementAndGet)) {
            probe.start();
            Thread.sleep(3 * PROBE.toMillis());
            assertThat(lost).hasValue(0);
            assertThat(probe.healthy()).isTrue();

            caddy.restartWithoutApiChanges();
            long restarted = System.nanoTime();
            await().atMost(PROBE.multipliedBy(3)).untilAsserted(() -> assertThat(lost).hasValue(1));
            System.out.printf("caddy-probe: loss noticed %d ms after the restart (probe interval %d ms)%n",
                    (System.nanoTime() - restarted) / 1_000_000, PROBE.toMillis());
            assertThat(caddy.http("a.test", "/").body()).isEmpty();

            assertThat(proxy.apply(routes)).isTrue();
            assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
            assertThat(caddy.curl("http", "foreign.test", caddy.foreignPort, "/").body()).isEqualTo("foreign");
            Thread.sleep(3 * PROBE.toMillis());
            assertThat(lost).hasValue(1);
        }
    }

    @Test
    void aHandEditIsNoticedToo() throws Exception {
        int a = backends.httpd("a");
        proxy.apply(set(route("a", "a.test", "/", a)));
        AtomicInteger lost = new AtomicInteger();
        try (EventSource probe = proxy.lost(lost::incrementAndGet)) {
            probe.start();
            Cmd.run("curl", "-sS", "-X", "DELETE", caddy.admin() + "/id/converge-routes-a").check();
            await().atMost(PROBE.multipliedBy(3)).untilAsserted(() -> assertThat(lost).hasValue(1));
            assertThat(proxy.apply(set(route("a", "a.test", "/", a)))).isTrue();
            assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
        }
    }

    @Test
    void anUnreachableAdminApiIsTheProblem() throws Exception {
        assertThat(proxy.problem()).isEmpty();
        caddy.close();
        assertThat(proxy.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("GET " + caddy.admin() + "/config/admin").contains("cannot be reached"));
        assertThatThrownBy(() -> proxy.apply(set())).isInstanceOf(ProxyException.class)
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void createsTheHttpAppWhenCaddyHasNone() throws Exception {
        int a = backends.httpd("a");
        Cmd.run("curl", "-sS", "-f", "-X", "DELETE", caddy.admin() + "/config/apps/http").check();
        assertThat(caddy.get("/config/apps/http").isNull()).isTrue();

        assertThat(proxy.apply(set(route("a", "a.test", "/", a)))).isTrue();
        assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
        assertThat(caddy.get("/config/apps/pki")).isNotEmpty();
    }

    @Test
    void probeCost() throws Exception {
        int a = backends.httpd("a");
        List<ProxyRoute> routes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            routes.add(route("r" + i, "r" + i + ".test", "/", a, a + 1));
        }
        proxy.apply(new RouteSet(routes));
        int bytes = Cmd.run("curl", "-sS", caddy.admin() + "/config/apps/http/servers/converge").check().out()
                .length();
        for (int i = 0; i < 20; i++) {
            assertThat(proxy.holds()).isTrue();
        }
        long t0 = System.nanoTime();
        int probes = 100;
        for (int i = 0; i < probes; i++) {
            assertThat(proxy.holds()).isTrue();
        }
        double ms = (System.nanoTime() - t0) / 1e6 / probes;
        System.out.printf("caddy-probe: 100 routes, 1 GET of %d bytes, %.2f ms per probe%n", bytes, ms);
        assertThat(ms).isLessThan(50);
    }

    static RouteTls files(List<Path> pair) {
        return RouteTls.files(pair.get(0).toString(), pair.get(1).toString());
    }
}
