package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.model.Kind;
import io.converge.testing.ManualScheduler;
import io.converge.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How an aggregate controller turns many evaluations into few applies: the test room on a fake table, the real
 * worker thread, and a hand-advanced timer (nothing is delayed unless a test advances it).
 */
class AggregateCoalescingTest {
    private final TestClock clock = new TestClock();
    private final ManualScheduler timer = new ManualScheduler(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TableRoom room = new TableRoom();
    private AggregateController<TableRoom.Rule> controller;

    @AfterEach
    void stop() {
        controller.stop(Duration.ofSeconds(2));
    }

    private AggregateController<TableRoom.Rule> start(Duration settle) {
        controller = new AggregateController<>(Kind.PORT_FORWARD, room, room::names,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)), settle, timer, clock, meters);
        controller.start();
        awaitIdle();
        return controller;
    }

    private void awaitIdle() {
        await().until(controller::idle);
    }

    private static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("pf-%04d", i)).toList();
    }

    private void put(List<String> names) {
        names.forEach(n -> room.specs.put(n, String.valueOf(1000 + n.hashCode() % 1000)));
    }

    @Test
    void theFirstApplyWaitsForEveryKnownResourceAndCarriesThemAll() {
        put(names(1000));
        start(Duration.ZERO);
        assertThat(room.applies()).hasSize(1);
        assertThat(room.table()).hasSize(1000);
        assertThat(room.statuses).hasSize(1000)
                .allSatisfy((name, status) -> assertThat(status.applied().ok()).isTrue());
        assertThat(meters.counter("converge.aggregate.applies", "kind", "portforwards", "result", "applied")
                .count()).isEqualTo(1);
    }

    @Test
    void aBurstOfAThousandChangesFromOneEventIsOneApplyCarryingThemAll() {
        start(Duration.ZERO);
        assertThat(room.applies()).as("the empty whole on start").hasSize(1);
        List<String> burst = names(1000);
        put(burst);
        controller.enqueueAll(burst, Trigger.DESIRED);
        awaitIdle();
        assertThat(room.applies()).hasSize(2);
        assertThat(room.table()).hasSize(1000);
        assertThat(room.reports.get()).as("each status written once").isEqualTo(1000);
    }

    @Test
    void aThousandChangesEnqueuedOneByOneWhileAnApplyRunsLeadToOneMoreApply() {
        start(Duration.ZERO);
        int before = room.applies().size();
        List<String> burst = names(1000);
        put(burst);
        TableRoom.Block applying = room.blockNextApply();
        controller.enqueue(burst.get(0), Trigger.DESIRED);
        try {
            applying.awaitEntered();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // one by one, from another thread, while the first change is being applied: none waits for its own apply
        burst.subList(1, burst.size()).forEach(n -> controller.enqueue(n, Trigger.DESIRED));
        applying.release();
        awaitIdle();
        assertThat(room.applies().size() - before).as("the first change's apply, then one for all the others")
                .isEqualTo(2);
        assertThat(room.table()).as("the last apply carries every part").hasSize(1000);
    }

    @Test
    void withASettleWindowABurstIsAppliedOnceWhenTheWindowHasPassed() {
        start(Duration.ofMillis(100));
        List<String> burst = names(1000);
        put(burst);
        burst.forEach(n -> controller.enqueue(n, Trigger.OBSERVED));
        awaitIdle();
        assertThat(room.applies()).as("nothing before the window").hasSize(1);
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofMillis(100));
        timer.advance(Duration.ofMillis(99));
        awaitIdle();
        assertThat(room.applies()).hasSize(1);
        timer.advance(Duration.ofMillis(1));
        awaitIdle();
        assertThat(room.applies()).hasSize(2);
        assertThat(room.table()).hasSize(1000);
    }

    @Test
    void changesDuringAnApplyCoalesceIntoExactlyOneMoreApply() throws Exception {
        start(Duration.ZERO);
        TableRoom.Block apply = room.blockNextApply();
        room.specs.put("first", "80");
        controller.enqueue("first", Trigger.DESIRED);
        apply.awaitEntered();
        List<String> during = names(500);
        put(during);
        room.specs.put("first", "81");
        during.forEach(n -> controller.enqueue(n, Trigger.DESIRED));
        controller.enqueue("first", Trigger.DESIRED);
        apply.release();
        awaitIdle();
        List<SortedMap<String, TableRoom.Rule>> applies = room.applies();
        assertThat(applies).hasSize(3);
        assertThat(applies.get(1)).containsOnlyKeys("first");
        assertThat(applies.get(2)).hasSize(501).containsEntry("first", new TableRoom.Rule("first", 81));
    }

    @Test
    void aSyncWaitsBehindKeysQueuedAfterItSoThatOneApplyCarriesThemAll() throws Exception {
        start(Duration.ZERO);
        put(List.of("a", "b", "c", "d"));
        TableRoom.Block a = room.blockNextEvaluationOf("a");
        TableRoom.Block b = room.blockNextEvaluationOf("b");
        controller.enqueue("a", Trigger.DESIRED);
        a.awaitEntered();
        controller.enqueue("b", Trigger.DESIRED);
        a.release();
        b.awaitEntered(); // "a" changed a part and queued the sync behind "b"
        controller.enqueue("c", Trigger.DESIRED);
        controller.enqueue("d", Trigger.DESIRED);
        b.release();
        awaitIdle();
        assertThat(room.applies()).hasSize(2);
        assertThat(room.table()).containsOnlyKeys("a", "b", "c", "d");
    }

    @Test
    void aSyncWaitsForNewKeysAtMostOneSecondOfTheClock() throws Exception {
        start(Duration.ZERO);
        put(List.of("a", "b", "c", "d", "e"));
        TableRoom.Block a = room.blockNextEvaluationOf("a");
        TableRoom.Block b = room.blockNextEvaluationOf("b");
        TableRoom.Block c = room.blockNextEvaluationOf("c");
        controller.enqueue("a", Trigger.DESIRED);
        a.awaitEntered();
        controller.enqueue("b", Trigger.DESIRED);
        a.release();
        b.awaitEntered();
        controller.enqueue("c", Trigger.DESIRED);
        controller.enqueue("d", Trigger.DESIRED);
        b.release();
        c.awaitEntered(); // the sync was deferred behind "c" and "d"
        clock.advance(AggregateWorker.MAX_DEFER);
        controller.enqueue("e", Trigger.DESIRED);
        c.release();
        awaitIdle();
        List<SortedMap<String, TableRoom.Rule>> applies = room.applies();
        assertThat(applies).hasSize(3);
        assertThat(applies.get(1)).as("waited long enough: applied without the newest key")
                .containsOnlyKeys("a", "b", "c", "d");
        assertThat(applies.get(2)).containsOnlyKeys("a", "b", "c", "d", "e");
    }

    @Test
    void anUnchangedEvaluationAppliesNothingAndReportsNothing() {
        put(names(3));
        start(Duration.ZERO);
        int reports = room.reports.get();
        names(3).forEach(n -> controller.enqueue(n, Trigger.OBSERVED));
        awaitIdle();
        assertThat(room.attempts.get()).isEqualTo(1);
        assertThat(room.reports.get()).isEqualTo(reports);
    }

    @Test
    void aResyncAppliesTheUnchangedWholeOnceSoThatTheRoomCanRepairDrift() {
        put(names(3));
        start(Duration.ZERO);
        int reports = room.reports.get();
        controller.resync();
        awaitIdle();
        assertThat(room.applies()).hasSize(2);
        assertThat(room.applies().get(1)).isEqualTo(room.applies().get(0));
        assertThat(room.reports.get()).as("nothing changed for any status").isEqualTo(reports);
    }
}
