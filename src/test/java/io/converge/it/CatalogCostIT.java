package io.converge.it;

import static org.awaitility.Awaitility.await;

import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulSettings;
import io.converge.kernel.CatalogInstance.Health;
import io.converge.store.consul.ConsulCatalog;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the catalog view costs with 1,000 services registered on a client agent (each with a TTL check): Consul
 * requests and bytes for one health change and for one re-registration, and idle requests per minute. Prints,
 * asserts nothing; run with {@code -Dconverge.it.catalog-cost=true}.
 */
@EnabledIfSystemProperty(named = "converge.it.catalog-cost", matches = "true")
class CatalogCostIT {
    static final int SERVICES = 1000;
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void measure() throws Exception {
        try (ConsulAgent server = new ConsulAgent("cost-srv")) {
            server.start();
            try (ConsulAgent client = ConsulAgent.client("cost-cli", server, "site:b")) {
                client.start();
                for (int i = 0; i < SERVICES; i++) {
                    client.agentRegister(registration(i, 8000));
                }
                Vertx vertx = Vertx.vertx();
                try (ConsulConnection connection = new ConsulConnection(vertx, ConsulSettings.resolve(
                        Optional.of(server.address()), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Map.of()), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
                    measure(connection, client);
                } finally {
                    vertx.closeAndAwait();
                }
            }
        }
    }

    private static String registration(int i, int port) {
        return "{\"ID\":\"svc-" + i + "\",\"Name\":\"svc-" + i + "\",\"Port\":" + port + ",\"Tags\":[\"export\"],"
                + "\"Meta\":{\"dns-name\":\"svc-" + i + ".example.org\"},"
                + "\"Check\":{\"CheckID\":\"svc-" + i + "-ttl\",\"TTL\":\"30m\",\"Status\":\"passing\"}}";
    }

    private static void measure(ConsulConnection connection, ConsulAgent client) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (ConsulCatalog catalog = new ConsulCatalog(connection, WAIT, seen::addAll)) {
            catalog.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> catalog.services().size() > SERVICES
                    && catalog.passing("svc-" + (SERVICES - 1)).size() == 1);
            Thread.sleep(3000);
            seen.clear();
            long requests = catalog.requests();
            long bytes = catalog.bytesRead();
            client.agentPut("/v1/agent/check/fail/svc-500-ttl");
            await().atMost(Duration.ofSeconds(30)).until(() -> catalog.instances("svc-500").get(0).health()
                    == Health.CRITICAL);
            Thread.sleep(2000);
            System.out.printf("catalog cost, %d services: one health change: %d requests, %d bytes; changed %s%n",
                    SERVICES, catalog.requests() - requests, catalog.bytesRead() - bytes, seen);
            seen.clear();
            requests = catalog.requests();
            bytes = catalog.bytesRead();
            client.agentRegister(registration(700, 9000));
            await().atMost(Duration.ofSeconds(30)).until(() -> catalog.instances("svc-700").get(0).port() == 9000);
            Thread.sleep(2000);
            System.out.printf("catalog cost, %d services: one re-registration (port): %d requests, %d bytes; "
                    + "changed %s%n", SERVICES, catalog.requests() - requests, catalog.bytesRead() - bytes, seen);
            requests = catalog.requests();
            Thread.sleep(60_000);
            System.out.printf("catalog cost: idle with wait=%s: %d requests in 60 s%n", WAIT,
                    catalog.requests() - requests);
        }
    }
}
