package io.converge.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.KeySink;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.RawDocument;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.kernel.Trigger;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Service room as the operator sees it: what it owns, what its documents reference, fencing. */
class ServiceRoomTest {
    private final ServiceFixture world = new ServiceFixture();
    private final List<String> enqueued = new ArrayList<>();
    private final Room room = new ServiceRoom(new RoomContext(
            new NodeIdentity("node-a", "10.0.0.5", Map.of("site", "office")), "converge", world.desired,
            world.statuses, new DocumentValidator(), world.placement, () -> true, null, new KeySink() {
                @Override
                public void enqueue(ResourceKey key, Trigger trigger) {
                    enqueued.add(key + " " + trigger);
                }

                @Override
                public void resync(Kind kind) {
                    enqueued.add("resync " + kind);
                }
            }, Duration.ofSeconds(8), world.clock), world.runtime, world.registry, false, Duration.ofSeconds(5));

    @Test
    void ownsTheServicesOfItsContainersAndRegistrationsOnly() {
        world.reconciler = (ServiceReconciler) room.reconciler();
        assertThat(room.owned()).isEmpty();
        world.running(1);
        assertThat(room.owned()).containsExactly(ServiceFixture.NAME);
        assertThat(room.kind()).isEqualTo(Kind.SERVICE);
        assertThat(room.scope()).isEqualTo(Room.Scope.EVERY_NODE);
    }

    @Test
    void aServiceReferencesItsOwnConsulServiceSoThatItsHealthEnqueuesIt() {
        RawDocument doc = new RawDocument("converge/specs/services/web-1", new byte[0], 3);
        assertThat(room.references(doc)).containsExactly("web-1");
    }

    @Test
    void fencingKillsTheInstanceAtOnce() {
        world.reconciler = (ServiceReconciler) room.reconciler();
        world.running(1);
        String id = world.runtime.all().get(0).id();
        room.fenced(java.util.Set.of(ServiceFixture.NAME), "session lost");
        assertThat(world.runtime.mutations()).contains("stop " + id);
        assertThat(room.engineProblem()).isEmpty();
    }
}
