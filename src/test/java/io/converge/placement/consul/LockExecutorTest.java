package io.converge.placement.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Placement.Role;
import io.converge.kernel.ResourceKey;
import io.converge.model.Kind;
import io.converge.placement.FakeLockStore;
import io.converge.placement.Holdings;
import io.converge.placement.LockPlanner;
import io.converge.placement.LockStore;
import io.converge.placement.SemaphoreState;
import io.converge.placement.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The executor and the planner together, two nodes on an in-memory store with Consul's lock rules and a clock
 * moved by hand: failover waits out the lock-delay of a dead holder, for a lock and for a semaphore slot.
 */
class LockExecutorTest {
    private static final String KEY = "converge/locks/services/web";
    private static final ResourceKey WEB = new ResourceKey(Kind.SERVICE, "web");
    private static final Duration LOCK_DELAY = Duration.ofSeconds(15);
    private static final Duration FENCE_AFTER = Duration.ofSeconds(8);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final FakeLockStore store = new FakeLockStore(nanos::get);
    private final Node a = new Node("a", "sa");
    private final Node b = new Node("b", "sb");

    /** One converge: its holdings, its executor and its planner, deciding for Service web. */
    private final class Node {
        final String sid;
        final Holdings holdings = new Holdings(nanos::get, FENCE_AFTER);
        final List<String> fenced = new ArrayList<>();
        final LockExecutor executor = new LockExecutor(store, holdings, (s, why) -> {
            holdings.drop(s);
            fenced.add(s);
        });
        final LockPlanner planner;

        Node(String name, String sid) {
            this.sid = sid;
            this.planner = new LockPlanner(name);
            store.session(sid, LOCK_DELAY);
        }

        Step decide(String mode, int replicas) {
            Optional<LockStore.Entry> seen = store.peek(KEY); // the cache, up to date
            return executor.run(attempt -> new LockPlanner.Input(WEB, mode, true, replicas, KEY, Optional.of(sid),
                    LOCK_DELAY, holdings.all().stream().filter(h -> WEB.equals(h.resource())).toList(),
                    holdings.sessions().stream().filter(holdings::fresh).collect(java.util.stream.Collectors.toSet()),
                    seen, executor.freeSince(), nanos.get(), Instant.EPOCH, attempt), planner::next);
        }
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static Step.WaitUntil waiting(Step s) {
        assertThat(s).isInstanceOf(Step.WaitUntil.class);
        return (Step.WaitUntil) s;
    }

    @Test
    void aStandbyTakesADeadHoldersLockOnlyAfterItsLockDelayAskingAgainAtItsEnd() {
        assertThat(((Step.Take) a.decide("singleton", 1)).decision().role()).isEqualTo(Role.ACTIVE);
        assertThat(((Step.Decide) b.decide("singleton", 1)).decision().reason()).isEqualTo(KEY + " is held by a");

        store.invalidate("sa");
        b.executor.changed(KEY, store.peek(KEY)); // the cache tells b the lock is free: its lock-delay began now
        assertThat(waiting(b.decide("singleton", 1)).decision().retryAfter()).contains(Duration.ofMillis(15_050));
        advance(Duration.ofSeconds(10));
        assertThat(waiting(b.decide("singleton", 1)).decision().retryAfter()).contains(Duration.ofMillis(5_050));
        advance(Duration.ofMillis(5_050));
        Step.Take took = (Step.Take) b.decide("singleton", 1);
        assertThat(took.decision().reason()).isEqualTo("acquired " + KEY + "; previous holder a");
        assertThat(b.holdings.get(KEY)).isPresent();
        assertThat(b.executor.freeSince()).doesNotContainKey(KEY);
        assertThat(((Step.Decide) b.decide("singleton", 1)).decision().reason()).startsWith("holds " + KEY);
    }

    @Test
    void whatIsAcquiredCountsAsProvedWhenTheAcquireWasSentNotWhenItsAnswerCame() {
        store.onRequest(() -> advance(Duration.ofMillis(300))); // each answer takes 300 ms
        a.decide("singleton", 1);
        assertThat(a.holdings.remaining("sa")).isEqualTo(FENCE_AFTER.minusMillis(300).toNanos());
    }

    @Test
    void aDeadHoldersSlotIsTakenOnlyAfterItsLockDelayAndItsContenderKeyIsRemoved() {
        assertThat(((Step.Take) a.decide("replicated", 1)).decision().reason())
                .isEqualTo("took slot 1 of 1 in " + KEY + "/.lock");
        assertThat(((Step.Decide) b.decide("replicated", 1)).decision().reason())
                .isEqualTo("all 1 slots of " + KEY + "/.lock are held (a)");

        store.invalidate("sa");
        advance(Duration.ofSeconds(5));
        Step.Decide refused = (Step.Decide) b.decide("replicated", 1);
        assertThat(refused.decision().reason()).isEqualTo("no free slot in " + KEY
                + "/.lock: the slot of a (session ended) is in its lock-delay");
        assertThat(refused.decision().retryAfter()).contains(LOCK_DELAY); // first found refused now
        advance(Duration.ofSeconds(9));
        assertThat(((Step.Decide) b.decide("replicated", 1)).decision().retryAfter()).contains(Duration.ofSeconds(6));
        advance(Duration.ofSeconds(1)); // 15 s after a's session ended: Consul hands its key over
        Step.Take took = (Step.Take) b.decide("replicated", 1);
        assertThat(took.decision().reason()).isEqualTo("took slot 1 of 1 in " + KEY
                + "/.lock; replaced a (session ended)");
        SemaphoreState state = SemaphoreState.of(KEY + "/", store.list(KEY + "/"));
        assertThat(state.holders()).containsExactly("sb");
        assertThat(store.peek(KEY + "/sa")).isEmpty();
        assertThat(a.fenced).isEmpty(); // a learns it from its own fence, not from b
    }
}
