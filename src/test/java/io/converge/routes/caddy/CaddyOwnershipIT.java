package io.converge.routes.caddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.converge.it.Cmd;
import io.converge.it.TestCa;
import io.converge.kernel.EventSource;
import io.converge.routes.ProxyException;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteAuth;
import io.converge.routes.RouteSet;
import io.converge.routes.RouteTls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link CaddyProxy} against a real Caddy 2.6: converge's part and nothing else, one request per change, none for no
 * change, a refused config, a lost part noticed by the probe and repaired.
 */
class CaddyOwnershipIT extends CaddyItBase {
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
        try (EventSource probe = proxy.lost(() -> { })) {
            probe.start();
            caddy.close();
            await().atMost(PROBE.multipliedBy(3)).until(() -> !probe.healthy());
        }
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
}
