package io.converge.dnat;

import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.RoomContext;
import io.converge.kernel.fakes.AggregateDriver;
import io.converge.kernel.fakes.FakeCatalog;
import io.converge.kernel.fakes.FakeDesiredState;
import io.converge.kernel.fakes.FakeStatusStore;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.converge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PortForward room on fakes (desired state, status store, catalog, firewall), driven as the aggregate engine
 * drives it: evaluate every queued key (and the keys the room queues again), apply the parts once, report each.
 */
final class RoomFixture {
    final FakeDesiredState desired = new FakeDesiredState();
    final FakeStatusStore statuses = new FakeStatusStore();
    final FakeCatalog catalog = new FakeCatalog();
    final FakeFirewall firewall = new FakeFirewall();
    final TestClock clock = new TestClock();
    private final AggregateDriver<ForwardPart> driver = new AggregateDriver<>();
    private long generation = 100;

    @SuppressWarnings("unchecked")
    RoomFixture(String node, Map<String, String> meta, List<String> wan, ForwardPlanner.Masquerade masquerade) {
        RoomContext context = new RoomContext(new NodeIdentity(node, "10.0.0.1", meta), "converge", desired, statuses,
                new DocumentValidator(), null, null, catalog, driver, Duration.ofSeconds(11), clock);
        driver.drive((AggregateReconciler<ForwardPart>) new PortForwardRoom(context, firewall, wan, masquerade)
                .aggregate().orElseThrow());
    }

    RoomFixture() {
        this("n1", Map.of("site", "a"), List.of("192.0.2.1"), ForwardPlanner.Masquerade.AUTO);
    }

    /** Writes a PortForward document with this spec (JSON object text) under a new generation. */
    void put(String name, String specJson) {
        String doc = "{\"apiVersion\":\"converge/v1\",\"kind\":\"PortForward\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":" + specJson + "}";
        desired.put(Kind.PORT_FORWARD, name, doc.getBytes(StandardCharsets.UTF_8), ++generation);
    }

    void delete(String name) {
        desired.delete(Kind.PORT_FORWARD, name);
    }

    /** One burst: evaluates the keys and whatever the room queues again, applies once, reports each. */
    ApplyResult converge(String... names) throws Exception {
        return driver.converge(names);
    }

    Status status(String name) {
        return statuses.read(Kind.PORT_FORWARD, name).orElseThrow(() -> new AssertionError("no status " + name));
    }

    /** The forwards the firewall holds now, by id. */
    Map<String, Forward> tables() {
        Map<String, Forward> out = new TreeMap<>();
        firewall.tables().forwards().forEach(f -> out.put(f.id(), f));
        return out;
    }
}
