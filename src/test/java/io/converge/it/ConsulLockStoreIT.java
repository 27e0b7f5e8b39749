package io.converge.it;

import static org.awaitility.Awaitility.await;

import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulSettings;
import io.converge.placement.LockStore;
import io.converge.placement.LockStoreContract;
import io.converge.placement.consul.ConsulLockStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ConsulLockStore} keeps the lock-store contract on a real Consul agent (lock-delay waited out for real). */
class ConsulLockStoreIT extends LockStoreContract {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static ConsulAgent agent;
    private static Vertx vertx;
    private static ConsulConnection consul;
    private static ConsulLockStore store;
    private final String prefix = "converge-it-lockstore/t" + TESTS.incrementAndGet() + "/";

    @BeforeAll
    static void startAgent() throws Exception {
        agent = new ConsulAgent("lockstore-it");
        agent.start();
        vertx = Vertx.vertx();
        consul = new ConsulConnection(vertx, ConsulSettings.resolve(Optional.of(agent.address()), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
                Map.of()), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        store = new ConsulLockStore(consul);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        consul.close();
        vertx.closeAndAwait();
        agent.close();
    }

    @Override
    protected LockStore store() {
        return store;
    }

    /** Bound to serfHealth, which a fresh agent registers shortly after it elected itself. */
    @Override
    protected String newSession() {
        JsonObject body = new JsonObject().put("Name", "lockstore-it").put("LockDelay", LOCK_DELAY.toMillis() + "ms")
                .put("NodeChecks", new JsonArray().add("serfHealth")).put("Behavior", "release");
        AtomicReference<String> id = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            id.set(consul.requestOk("PUT", "/v1/session/create", body).bodyAsJsonObject().getString("ID"));
            return true;
        });
        return id.get();
    }

    @Override
    protected void invalidate(String session) {
        consul.requestOk("PUT", "/v1/session/destroy/" + session, null);
    }

    @Override
    protected void pass(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // Consul's own lock-delay clock: nothing to inject
    }

    @Override
    protected String prefix() {
        return prefix;
    }
}
