package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.kernel.Evaluation.Outcome;
import io.converge.kernel.TableRoom.Rule;
import io.converge.model.Kind;
import io.converge.testing.ManualScheduler;
import io.converge.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-resource validation and status in an aggregate room: the test room on a fake table, the real worker thread,
 * and a hand-advanced timer, so that a retry waits exactly its backoff.
 */
class AggregateStatusTest {
    private final TestClock clock = new TestClock();
    private final ManualScheduler timer = new ManualScheduler(clock);
    private final TableRoom room = new TableRoom();
    private final AggregateController<Rule> controller = new AggregateController<>(Kind.PORT_FORWARD, room,
            room::names, new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)), Duration.ZERO, timer, clock,
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        controller.stop(Duration.ofSeconds(2));
    }

    private void start(Map<String, String> specs) {
        room.specs.putAll(specs);
        controller.start();
        awaitIdle();
    }

    private void change(String name, String spec) {
        if (spec == null) {
            room.specs.remove(name);
        } else {
            room.specs.put(name, spec);
        }
        controller.enqueue(name, Trigger.DESIRED);
        awaitIdle();
    }

    private void awaitIdle() {
        await().until(controller::idle);
    }

    private TableRoom.Status status(String name) {
        return room.statuses.get(name);
    }

    @Test
    void anInvalidResourceThatWasNeverValidIsLeftOutAndOnlyItsStatusSaysSo() {
        start(Map.of("a", "80", "b", "eighty", "c", "82"));
        assertThat(room.table()).containsOnlyKeys("a", "c");
        assertThat(status("b").evaluation().outcome()).isEqualTo(Outcome.INVALID);
        assertThat(status("b").evaluation().message()).contains("/spec/port", "eighty");
        assertThat(status("a").evaluation()).isEqualTo(Evaluation.valid(new Rule("a", 80)));
        assertThat(status("a").applied().ok()).isTrue();
    }

    @Test
    void anInvalidChangeKeepsTheLastValidPartInForceWithoutAnApply() {
        start(Map.of("a", "80", "b", "81"));
        int reports = room.reports.get();
        change("b", "eighty-one");
        assertThat(room.applies()).as("the whole did not change").hasSize(1);
        assertThat(room.table()).containsEntry("b", new Rule("b", 81));
        assertThat(status("b").evaluation().outcome()).isEqualTo(Outcome.INVALID);
        assertThat(status("b").evaluation().part()).contains(new Rule("b", 81));
        assertThat(room.reports.get()).as("only b's status was written").isEqualTo(reports + 1);
        change("b", "82");
        assertThat(room.table()).containsEntry("b", new Rule("b", 82)).containsEntry("a", new Rule("a", 80));
        assertThat(status("b").evaluation().outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void aFailingApplyIsRetriedWithBackoffEveryStatusShowsItAndThenItRecovers() {
        room.applyFailures.set(2);
        start(Map.of("a", "80", "b", "eighty"));
        assertThat(room.applies()).isEmpty();
        assertThat(room.statuses).hasSize(2).allSatisfy((name, status) ->
                assertThat(status.applied().reason()).contains("Could not process rule"));
        assertThat(controller.applyFailures()).isEqualTo(1);
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofMillis(10));
        change("c", "82");
        assertThat(room.attempts.get()).as("a change waits out the apply's backoff").isEqualTo(1);
        timer.advance(Duration.ofMillis(10));
        awaitIdle();
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofMillis(20));
        timer.advance(Duration.ofMillis(19));
        awaitIdle();
        assertThat(room.attempts.get()).isEqualTo(2);
        timer.advance(Duration.ofMillis(1));
        awaitIdle();
        assertThat(room.applies()).hasSize(1);
        assertThat(room.table()).containsOnlyKeys("a", "c");
        assertThat(room.statuses.values()).allSatisfy(status -> assertThat(status.applied().ok()).isTrue());
        assertThat(controller.applyFailures()).isZero();
        assertThat(controller.lastApply()).contains(ApplyResult.applied());
        assertThat(timer.pendingDelays()).isEmpty();
    }

    @Test
    void anEngineThatAnswersAgainIsRetriedAtOnceNotAfterTheBackoff() {
        room.applyFailures.set(1);
        start(Map.of("a", "80"));
        assertThat(room.applies()).isEmpty();
        controller.resync();
        awaitIdle();
        assertThat(room.attempts.get()).as("a resync waits out the apply's backoff").isEqualTo(1);
        controller.retryNow();
        awaitIdle();
        assertThat(room.attempts.get()).isEqualTo(2);
        assertThat(room.table()).containsOnlyKeys("a");
        assertThat(controller.applyFailures()).isZero();
    }

    @Test
    void aDeletedResourceLeavesTheWholeAndItsStatusGoesOnlyOnceItsPartIsGone() {
        start(Map.of("a", "80", "b", "81"));
        room.applyFailures.set(1);
        change("b", null);
        assertThat(status("b").applied().ok()).as("its rule may still be in the table").isFalse();
        assertThat(status("b").evaluation()).isEqualTo(Evaluation.absent());
        timer.advance(Duration.ofMillis(10));
        awaitIdle();
        assertThat(room.table()).containsOnlyKeys("a");
        assertThat(room.statuses).containsOnlyKeys("a");
        change("b", null);
        assertThat(room.applies()).as("gone, and nothing more to apply").hasSize(2);
    }

    @Test
    void aStatusOfASpecDeletedWhileDownIsDeletedOnStart() {
        room.statuses.put("gone", new TableRoom.Status(Evaluation.valid(new Rule("gone", 80)),
                ApplyResult.applied()));
        start(Map.of("a", "80"));
        assertThat(room.table()).containsOnlyKeys("a");
        assertThat(room.statuses).containsOnlyKeys("a");
    }

    @Test
    void aFailedEvaluationKeepsThePartInForceAndIsRetriedWithBackoff() {
        start(Map.of("a", "80", "b", "81"));
        change("a", "unreadable");
        assertThat(room.applies()).hasSize(1);
        assertThat(room.table()).containsEntry("a", new Rule("a", 80));
        assertThat(status("a").evaluation().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(status("a").evaluation().message()).contains("catalog not synced");
        assertThat(controller.failures("a")).isEqualTo(1);
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofMillis(10));
        room.specs.put("a", "90");
        timer.advance(Duration.ofMillis(10));
        awaitIdle();
        assertThat(controller.failures("a")).isZero();
        assertThat(room.table()).containsEntry("a", new Rule("a", 90));
        assertThat(status("a").evaluation().outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void aStatusThatCouldNotBeWrittenIsWrittenOnTheKeysRetry() {
        start(Map.of("a", "80"));
        room.reportFailures.set(1);
        change("a", "81");
        assertThat(status("a").evaluation().part()).contains(new Rule("a", 80));
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofMillis(10));
        timer.advance(Duration.ofMillis(10));
        awaitIdle();
        assertThat(status("a").evaluation().part()).contains(new Rule("a", 81));
        assertThat(room.applies()).as("the retry re-evaluated, and the whole had not changed").hasSize(2);
        assertThat(List.copyOf(room.statuses.keySet())).containsExactly("a");
    }
}
