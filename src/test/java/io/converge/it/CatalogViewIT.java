package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulSettings;
import io.converge.kernel.CatalogInstance;
import io.converge.kernel.CatalogInstance.Health;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.ReferenceIndex.TagRule;
import io.converge.kernel.ResourceKey;
import io.converge.model.Kind;
import io.converge.store.consul.ConsulCatalog;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster catalog view against a real Consul cluster: a server and a client agent joined to it. Services are
 * registered on the client; the view and its reference index watch through the server's agent, and a recording
 * sink collects the keys they enqueue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogViewIT {
    static final Duration EVENTUALLY = Duration.ofSeconds(60);
    static final ResourceKey ROUTE_WEB = new ResourceKey(Kind.ROUTE, "web-route");
    static final ResourceKey ROUTE_OTHER = new ResourceKey(Kind.ROUTE, "other-route");

    ConsulAgent server;
    ConsulAgent client;
    Vertx vertx;
    ConsulConnection connection;
    ConsulCatalog catalog;
    final ReferenceIndex index = new ReferenceIndex(List.of(new TagRule("export", Kind.PORT_FORWARD)));
    /** The recording sink: each key enqueued, with when (System.nanoTime) it was first enqueued since cleared. */
    final Map<ResourceKey, Long> enqueued = new ConcurrentHashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        server = new ConsulAgent("catalog-srv");
        server.start();
        client = ConsulAgent.client("catalog-cli", server, "site:b");
        client.start();
        vertx = Vertx.vertx();
        connection = new ConsulConnection(vertx, ConsulSettings.resolve(Optional.of(server.address()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10), Map.of()), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        catalog = new ConsulCatalog(connection, Duration.ofSeconds(30), changed -> {
            long now = System.nanoTime();
            index.keysFor(changed, catalog).forEach(k -> enqueued.putIfAbsent(k, now));
        });
        index.put(ROUTE_WEB, Set.of("web"));
        index.put(ROUTE_OTHER, Set.of("other"));
        catalog.start();
        await().atMost(EVENTUALLY).until(() -> catalog.synced() && catalog.healthy());
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        for (ConsulAgent agent : new ConsulAgent[] {client, server}) {
            if (agent != null) {
                agent.close();
            }
        }
    }

    @BeforeEach
    void clearSink() {
        enqueued.clear();
    }

    /** Registers an instance on the client with a TTL check (long enough never to expire during the test). */
    void register(String id, String service, String tags) throws Exception {
        client.agentRegister("{\"ID\":\"" + id + "\",\"Name\":\"" + service + "\",\"Port\":8080,\"Tags\":[" + tags
                + "],\"Check\":{\"CheckID\":\"" + id + "-ttl\",\"TTL\":\"10m\",\"Status\":\"passing\"}}");
    }

    Optional<Health> health(String service, String id) {
        return catalog.instances(service).stream().filter(i -> i.id().equals(id)).findFirst()
                .map(CatalogInstance::health);
    }

    @Test
    void aCheckFlippingOnTheOtherNodeEnqueuesExactlyTheReferencingKey() throws Exception {
        register("web-1", "web", "");
        register("other-1", "other", "");
        await().atMost(EVENTUALLY).until(() -> health("web", "web-1").equals(Optional.of(Health.PASSING))
                && health("other", "other-1").isPresent());
        CatalogInstance web = catalog.instances("web").get(0);
        assertThat(web.node()).isEqualTo("catalog-cli");
        assertThat(web.site()).contains("b");
        assertThat(web.taggedAddress("wan")).contains("127.0.0.1");
        assertThat(web.address()).isEqualTo("127.0.0.1");
        assertThat(web.port()).isEqualTo(8080);
        enqueued.clear();

        client.agentPut("/v1/agent/check/fail/web-1-ttl");
        await().atMost(EVENTUALLY).until(() -> enqueued.containsKey(ROUTE_WEB));
        assertThat(health("web", "web-1")).contains(Health.CRITICAL);
        assertThat(catalog.passing("web")).isEmpty();
        client.agentPut("/v1/agent/check/pass/web-1-ttl");
        await().atMost(EVENTUALLY).until(() -> health("web", "web-1").equals(Optional.of(Health.PASSING)));
        assertThat(enqueued.keySet()).containsExactly(ROUTE_WEB);
    }

    @Test
    void aServiceGainingAndLosingTheExportTagEnqueuesItsImplicitKey() throws Exception {
        ResourceKey implicit = ReferenceIndex.implicitKey(Kind.PORT_FORWARD, "db");
        register("db-1", "db", "");
        await().atMost(EVENTUALLY).until(() -> health("db", "db-1").isPresent());
        enqueued.clear();
        register("db-1", "db", "\"export\"");
        await().atMost(EVENTUALLY).until(() -> enqueued.containsKey(implicit));
        assertThat(catalog.servicesTagged("export")).contains("db");
        enqueued.clear();
        register("db-1", "db", "");
        await().atMost(EVENTUALLY).until(() -> enqueued.containsKey(implicit));
        assertThat(catalog.servicesTagged("export")).doesNotContain("db");
        assertThat(enqueued.keySet()).containsExactly(implicit);
    }

    @Test
    void deregistrationRemovesTheInstance() throws Exception {
        ResourceKey gone = new ResourceKey(Kind.ROUTE, "gone-route");
        index.put(gone, Set.of("gone"));
        register("gone-1", "gone", "");
        await().atMost(EVENTUALLY).until(() -> health("gone", "gone-1").isPresent());
        enqueued.clear();
        client.agentPut("/v1/agent/service/deregister/gone-1");
        await().atMost(EVENTUALLY).until(() -> catalog.instances("gone").isEmpty());
        await().atMost(EVENTUALLY).until(() -> enqueued.containsKey(gone));
        index.remove(gone);
    }

    @Test
    void anAgentRestartMakesTheViewUnhealthyThenHealthyAndLosesNothing() throws Exception {
        ResourceKey restarted = new ResourceKey(Kind.ROUTE, "restart-route");
        index.put(restarted, Set.of("restart"));
        register("restart-1", "restart", "");
        await().atMost(EVENTUALLY).until(() -> health("restart", "restart-1").equals(Optional.of(Health.PASSING)));
        server.stop();
        await().atMost(EVENTUALLY).until(() -> !catalog.healthy());
        assertThat(catalog.instances("restart")).hasSize(1);
        client.agentPut("/v1/agent/check/fail/restart-1-ttl");
        enqueued.clear();
        server.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> catalog.healthy()
                && health("restart", "restart-1").equals(Optional.of(Health.CRITICAL)));
        await().atMost(EVENTUALLY).until(() -> enqueued.containsKey(restarted));
        assertThat(health("web", "web-1").isPresent() || !catalog.services().contains("web")).isTrue();
        index.remove(restarted);
    }

    @Test
    void measureTheTimeFromATtlFlipToTheKeyBeingEnqueued() throws Exception {
        ResourceKey key = new ResourceKey(Kind.ROUTE, "flip-route");
        index.put(key, Set.of("flip"));
        register("flip-1", "flip", "");
        await().atMost(EVENTUALLY).until(() -> health("flip", "flip-1").equals(Optional.of(Health.PASSING)));
        List<Double> millis = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            enqueued.clear();
            long started = System.nanoTime();
            client.agentPut("/v1/agent/check/" + (i % 2 == 0 ? "fail" : "pass") + "/flip-1-ttl");
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(5)).until(() -> enqueued.containsKey(key));
            millis.add((enqueued.get(key) - started) / 1e6);
        }
        millis.sort(null);
        System.out.printf("catalog: TTL flip to enqueue over %d flips: median %.1f ms, max %.1f ms%n",
                millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() - 1));
        index.remove(key);
    }
}
