package io.converge.routes;

import static io.converge.kernel.fakes.FakeCatalog.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.CatalogInstance.Health;
import io.converge.kernel.EventSource;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.RoomContext;
import io.converge.kernel.fakes.AggregateDriver;
import io.converge.kernel.fakes.FakeCatalog;
import io.converge.kernel.fakes.FakeDesiredState;
import io.converge.kernel.fakes.FakeStatusStore;
import io.converge.model.Condition;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.converge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Route room's decisions on fakes: what converge's part of the proxy holds, and what each status says. */
class RouteRoomTest {
    static final String HASH = "$2a$14$" + "a".repeat(53);

    final FakeDesiredState desired = new FakeDesiredState();
    final FakeStatusStore statuses = new FakeStatusStore();
    final FakeCatalog catalog = new FakeCatalog();
    final FakeProxy proxy = new FakeProxy();
    final Map<String, RouteSpec.Ldap> realms = new TreeMap<>();
    final AggregateDriver<RoutePart> driver = new AggregateDriver<>();
    private long generation = 10;

    @SuppressWarnings("unchecked")
    RouteRoomTest() {
        RoomContext context = new RoomContext(new NodeIdentity("proxy-1", "10.0.0.1", Map.of()), "converge", desired,
                statuses, new DocumentValidator(), null, null, catalog, driver, Duration.ofSeconds(11),
                new TestClock());
        LdapRealms registry = new LdapRealms() {
            @Override
            public void put(String route, RouteSpec.Ldap settings) {
                realms.put(route, settings);
            }

            @Override
            public void remove(String route) {
                realms.remove(route);
            }
        };
        driver.drive((AggregateReconciler<RoutePart>) new RouteRoom(context, proxy, "127.0.0.1:9611", registry, List.of())
                .aggregate().orElseThrow());
    }

    static final class FakeProxy implements Proxy {
        final List<RouteSet> sent = new ArrayList<>();
        String refuse;

        @Override
        public boolean apply(RouteSet routes) throws ProxyException {
            if (refuse != null) {
                throw new ProxyException("POST /config/apps/http/servers/converge", 400, refuse);
            }
            if (!sent.isEmpty() && sent.get(sent.size() - 1).equals(routes)) {
                return false;
            }
            sent.add(routes);
            return true;
        }

        Map<String, ProxyRoute> routes() {
            Map<String, ProxyRoute> out = new TreeMap<>();
            if (!sent.isEmpty()) {
                sent.get(sent.size() - 1).routes().forEach(r -> out.put(r.id(), r));
            }
            return out;
        }

        @Override
        public EventSource lost(Runnable lost) {
            return EventSource.idle("fake-probe");
        }

        @Override
        public Optional<String> problem() {
            return Optional.empty();
        }
    }

    void put(String name, String spec) {
        desired.put(Kind.ROUTE, name, ("{\"apiVersion\":\"converge/v1\",\"kind\":\"Route\",\"metadata\":{\"name\":\""
                + name + "\"},\"spec\":" + spec + "}").getBytes(StandardCharsets.UTF_8), ++generation);
    }

    Status status(String name) {
        return statuses.read(Kind.ROUTE, name).orElseThrow();
    }

    void web(String node, String address, Health health) {
        catalog.add(instance("web", node, address, 8080, health, List.of(), Map.of()));
    }

    @Test
    void aRouteServesThePassingInstancesOfItsServiceOnAnyNode() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        web("n2", "10.2.0.2", Health.PASSING);
        web("n3", "10.3.0.2", Health.WARNING);
        put("web", "{\"host\":\"web.example.jp\",\"path\":\"/app\",\"service\":\"web\",\"stripPrefix\":true,"
                + "\"loadBalancing\":\"first\",\"requestHeaders\":{\"X-Site\":\"a\"}}");
        driver.converge("web");
        ProxyRoute r = proxy.routes().get("converge-routes-web");
        assertThat(r.upstreams()).containsExactly(new Upstream("10.1.0.2", 8080), new Upstream("10.2.0.2", 8080));
        assertThat(r.stripPrefix()).isTrue();
        assertThat(r.loadBalancing()).isEqualTo("first");
        assertThat(r.requestHeaders()).containsEntry("X-Site", "a");
        assertThat(status("web").phase()).isEqualTo("Running");
        assertThat(status("web").nodes().get("proxy-1").backends()).containsExactly("10.1.0.2:8080",
                "10.2.0.2:8080");
    }

    @Test
    void noPassingInstanceStillRoutesSoThatTheProxyAnswers503() throws Exception {
        web("n1", "10.1.0.2", Health.CRITICAL);
        put("web", "{\"host\":\"web.example.jp\",\"service\":\"web\"}");
        driver.converge("web");
        assertThat(proxy.routes().get("converge-routes-web").upstreams()).isEmpty();
        assertThat(status("web").phase()).isEqualTo("Pending");
        assertThat(status("web").message()).contains("503");
    }

    @Test
    void aSecondRouteForTheSameHostAndPathConflictsAndTheFirstKeepsServing() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        put("b", "{\"host\":\"Web.example.jp\",\"service\":\"web\"}");
        driver.converge("b");
        put("a", "{\"host\":\"web.example.jp\",\"service\":\"web\"}");
        put("c", "{\"host\":\"web.example.jp\",\"path\":\"/c\",\"service\":\"web\"}");
        driver.converge("a", "c");
        assertThat(proxy.routes()).containsOnlyKeys("converge-routes-b", "converge-routes-c");
        Condition conflict = status("a").condition("Conflict").orElseThrow();
        assertThat(conflict.isTrue()).isTrue();
        assertThat(conflict.message()).contains("proxy-1", "routes/b");
    }

    @Test
    void aMalformedBcryptHashIsInvalidAndNothingIsServedForIt() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        put("ok", "{\"host\":\"ok.example.jp\",\"service\":\"web\",\"auth\":{\"type\":\"basic\",\"basic\":"
                + "{\"users\":[{\"username\":\"ann\",\"passwordHash\":\"" + HASH + "\"}]}}}");
        put("bad", "{\"host\":\"bad.example.jp\",\"service\":\"web\",\"auth\":{\"type\":\"basic\",\"basic\":"
                + "{\"users\":[{\"username\":\"ann\",\"passwordHash\":\"$2a$14$short\"}]}}}");
        driver.converge("ok", "bad");
        assertThat(proxy.routes()).containsOnlyKeys("converge-routes-ok");
        assertThat(status("bad").condition("Valid").orElseThrow().message())
                .contains("routes/bad", "/spec/auth/basic/users/0/passwordHash", "bcrypt");
        assertThat(((RouteAuth.Basic) proxy.routes().get("converge-routes-ok").auth()).users())
                .containsExactly(new RouteAuth.BasicUser("ann", HASH));
    }

    @Test
    void missingCertificateFilesLeaveTheRouteOutOnThisNodeAndSaySo() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        put("tls", "{\"host\":\"tls.example.jp\",\"service\":\"web\",\"tls\":{\"certFile\":\"/nonexistent/c.pem\","
                + "\"keyFile\":\"/nonexistent/k.pem\"}}");
        put("plain", "{\"host\":\"plain.example.jp\",\"service\":\"web\"}");
        driver.converge("tls", "plain");
        assertThat(proxy.routes()).containsOnlyKeys("converge-routes-plain");
        assertThat(status("tls").phase()).isEqualTo("Failed");
        assertThat(status("tls").condition("Applied").orElseThrow().message()).contains("/nonexistent/c.pem");
    }

    @Test
    void ldapAuthGoesThroughConvergesEndpointAndItsRealmIsKept() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        put("intra", "{\"host\":\"intra.example.jp\",\"service\":\"web\",\"auth\":{\"type\":\"ldap\",\"ldap\":"
                + "{\"url\":\"ldap://127.0.0.1:3389\",\"baseDn\":\"ou=people,dc=example,dc=jp\","
                + "\"userFilter\":\"(uid={username})\"}}}");
        driver.converge("intra");
        RouteAuth.Forward auth = (RouteAuth.Forward) proxy.routes().get("converge-routes-intra").auth();
        assertThat(auth.url()).isEqualTo("http://127.0.0.1:9611/auth/intra");
        assertThat(auth.copyHeaders()).containsExactly("X-Remote-Email", "X-Remote-Groups", "X-Remote-User");
        assertThat(auth.loginPath()).isEqualTo("/.converge/login");
        assertThat(realms).containsKey("intra");
        desired.delete(Kind.ROUTE, "intra");
        driver.converge("intra");
        assertThat(realms).isEmpty();
        assertThat(proxy.routes()).isEmpty();
        assertThat(statuses.names(Kind.ROUTE)).isEmpty();
    }

    @Test
    void aServiceTaggedWebWithAHostGetsARouteWithoutAnySpec() throws Exception {
        catalog.add(instance("legacy", "n1", "10.1.0.9", 8000, Health.PASSING, List.of("web"),
                Map.of("web-host", "legacy.example.jp", "web-path", "/old")));
        catalog.add(instance("legacy", "n2", "10.2.0.9", 8000, Health.PASSING, List.of(), Map.of()));
        driver.converge("consul:legacy");
        ProxyRoute r = proxy.routes().get("converge-web-legacy");
        assertThat(r.host()).isEqualTo("legacy.example.jp");
        assertThat(r.path()).isEqualTo("/old");
        assertThat(r.upstreams()).as("only the instances carrying the tag").containsExactly(
                new Upstream("10.1.0.9", 8000));
    }

    @Test
    void aRefusedConfigurationShowsTheProxysWordsAndTheOldRoutesStay() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        put("web", "{\"host\":\"web.example.jp\",\"service\":\"web\"}");
        driver.converge("web");
        proxy.refuse = "loading new config: http app module: start: listening on :443: permission denied";
        web("n2", "10.2.0.2", Health.PASSING);
        assertThat(driver.converge("web").ok()).isFalse();
        assertThat(status("web").phase()).isEqualTo("Failed");
        assertThat(status("web").nodes().get("proxy-1").error()).contains("400", "permission denied");
        assertThat(proxy.routes().get("converge-routes-web").upstreams()).hasSize(1);
    }
}
