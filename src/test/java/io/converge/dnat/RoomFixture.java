package io.converge.dnat;

import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.Evaluation;
import io.converge.kernel.KeySink;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.RoomContext;
import io.converge.kernel.Trigger;
import io.converge.kernel.fakes.FakeDesiredState;
import io.converge.kernel.fakes.FakeStatusStore;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.converge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Deque<String> requeued = new ArrayDeque<>();
    private final Map<String, Evaluation<ForwardPart>> evaluations = new TreeMap<>();
    private final AggregateReconciler<ForwardPart> room;
    private long generation = 100;

    @SuppressWarnings("unchecked")
    RoomFixture(String node, Map<String, String> meta, List<String> wan, ForwardPlanner.Masquerade masquerade) {
        KeySink sink = new KeySink() {
            @Override
            public void enqueue(ResourceKey key, Trigger trigger) {
                requeued.add(key.name());
            }

            @Override
            public void resync(Kind kind) {
            }
        };
        RoomContext context = new RoomContext(new NodeIdentity(node, "10.0.0.1", meta), "converge", desired, statuses,
                new DocumentValidator(), null, null, catalog, sink, Duration.ofSeconds(11), clock);
        room = (AggregateReconciler<ForwardPart>) new PortForwardRoom(context, firewall, wan, masquerade).aggregate()
                .orElseThrow();
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
        Set<String> evaluated = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(names));
        for (int guard = 0; !todo.isEmpty(); guard++) {
            if (guard > 1000) {
                throw new AssertionError("the room keeps queueing keys: " + todo);
            }
            String name = todo.poll();
            evaluations.put(name, room.evaluate(name));
            evaluated.add(name);
            while (!requeued.isEmpty()) {
                String again = requeued.poll();
                if (!todo.contains(again)) {
                    todo.add(again);
                }
            }
        }
        TreeMap<String, ForwardPart> parts = new TreeMap<>();
        evaluations.forEach((n, e) -> e.part().ifPresent(p -> parts.put(n, p)));
        ApplyResult result = room.apply(java.util.Collections.unmodifiableSortedMap(parts));
        for (String name : evaluated) {
            room.report(name, evaluations.get(name), result);
            if (evaluations.get(name).outcome() == Evaluation.Outcome.ABSENT) {
                evaluations.remove(name);
            }
        }
        return result;
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
