package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.model.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A leader-gated room acts on the leader only, and stops acting at its next pass once leadership is lost. */
class LeaderGateTest {
    private final AtomicBoolean leading = new AtomicBoolean();
    private final List<String> passes = new ArrayList<>();

    private Room room(Room.Scope scope) {
        return new Room() {
            @Override
            public Kind kind() {
                return Kind.DNS_RECORD;
            }

            @Override
            public Scope scope() {
                return scope;
            }

            @Override
            public Reconciler reconciler() {
                return name -> {
                    passes.add(name);
                    return Result.requeueAfter(java.time.Duration.ofSeconds(1));
                };
            }

            @Override
            public Collection<String> owned() {
                return List.of();
            }
        };
    }

    @Test
    void aLeaderRoomActsOnlyWhileThisNodeLeads() throws Exception {
        Reconciler r = LeaderGate.of(room(Room.Scope.LEADER), leading::get);
        assertThat(r.reconcile("a").kind()).isEqualTo(Result.Kind.DONE);
        leading.set(true);
        assertThat(r.reconcile("b").kind()).isEqualTo(Result.Kind.REQUEUE_AFTER);
        leading.set(false);
        assertThat(r.reconcile("c").kind()).isEqualTo(Result.Kind.DONE);
        assertThat(passes).containsExactly("b");
    }

    @Test
    void otherRoomsAreNotGated() throws Exception {
        Reconciler r = LeaderGate.of(room(Room.Scope.EVERY_NODE), leading::get);
        r.reconcile("a");
        assertThat(passes).containsExactly("a");
    }
}
