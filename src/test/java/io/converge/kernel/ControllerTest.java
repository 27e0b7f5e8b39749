package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.model.Kind;
import io.converge.testing.ManualScheduler;
import io.converge.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's scheduling switch, with one worker and a hand-advanced timer: a retry waits exactly its
 * backoff, nothing else schedules anything. "The pass is over" is observed by running a fresh sentinel key behind
 * it (one worker takes keys in order).
 */
class ControllerTest {
    private final TestClock clock = new TestClock();
    private final ManualScheduler timer = new ManualScheduler(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScriptedReconciler reconciler = new ScriptedReconciler();
    private final Controller controller = new Controller(Kind.SERVICE, reconciler, List::of,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)), 1, timer, clock, meters);
    private final AtomicInteger sentinels = new AtomicInteger();

    @AfterEach
    void stop() {
        controller.stop(Duration.ofSeconds(2));
    }

    /** Waits until every key queued so far has had its pass, including the scheduling that follows it. */
    private void awaitIdle() {
        String sentinel = "sentinel-" + sentinels.incrementAndGet();
        controller.enqueue(sentinel, Trigger.DESIRED);
        await().until(() -> reconciler.passes(sentinel) == 1);
    }

    private double total(String result) {
        return meters.counter("converge.reconcile.total", "kind", "services", "result", result).count();
    }

    @Test
    void retryWaitsOutAnExponentialBackoffThatIsCapped() {
        reconciler.then("a", Result.retry("1"), Result.retry("2"), Result.retry("3"), Result.retry("4"),
                Result.retry("5"));
        controller.start();
        controller.enqueue("a", Trigger.DESIRED);
        for (long millis : new long[] {10, 20, 40, 80, 80}) {
            await().until(() -> timer.pendingDelays().equals(List.of(Duration.ofMillis(millis))));
            int attempts = reconciler.passes("a");
            timer.advance(Duration.ofMillis(millis - 1));
            awaitIdle();
            assertThat(reconciler.passes("a")).as("no attempt before %d ms", millis).isEqualTo(attempts);
            timer.advance(Duration.ofMillis(1));
            await().until(() -> reconciler.passes("a") == attempts + 1);
        }
        awaitIdle();
        assertThat(reconciler.passes("a")).isEqualTo(6);
        assertThat(controller.failures("a")).as("the sixth pass succeeded").isZero();
        assertThat(timer.pendingDelays()).isEmpty();
        assertThat(total("retry")).isEqualTo(5);
    }

    @Test
    void terminalIsNotRetriedAndForgetsEarlierFailures() {
        reconciler.then("a", Result.retry("flaky"), Result.terminal("invalid document"));
        controller.start();
        controller.enqueue("a", Trigger.DESIRED);
        await().until(() -> timer.pendingDelays().size() == 1);
        timer.advance(Duration.ofMillis(10));
        await().until(() -> reconciler.passes("a") == 2);
        awaitIdle();
        assertThat(timer.pendingDelays()).isEmpty();
        assertThat(controller.failures("a")).isZero();
        assertThat(total("terminal")).isEqualTo(1);
    }

    @Test
    void anExceptionIsRetriedWithBackoffAndCounted() {
        reconciler.then("a", new IllegalStateException("docker went away"));
        controller.start();
        controller.enqueue("a", Trigger.DESIRED);
        await().until(() -> timer.pendingDelays().equals(List.of(Duration.ofMillis(10))));
        assertThat(controller.failures("a")).isEqualTo(1);
        assertThat(meters.counter("converge.reconcile.errors", "kind", "services").count()).isEqualTo(1);
        timer.advance(Duration.ofMillis(10));
        await().until(() -> reconciler.passes("a") == 2);
        awaitIdle();
        assertThat(controller.failures("a")).isZero();
    }

    @Test
    void requeueAfterRunsTheKeyAgainAfterTheDelayWithoutCountingAFailure() {
        reconciler.then("a", Result.requeueAfter(Duration.ofMinutes(10)));
        controller.start();
        controller.enqueue("a", Trigger.DESIRED);
        await().until(() -> timer.pendingDelays().equals(List.of(Duration.ofMinutes(10))));
        assertThat(controller.failures("a")).isZero();
        timer.advance(Duration.ofMinutes(10));
        await().until(() -> reconciler.passes("a") == 2);
    }

    @Test
    void anObservedChangeWaitsForTheBackoffButADesiredChangeRunsAtOnce() {
        reconciler.then("a", Result.retry("image pull failed"));
        controller.start();
        controller.enqueue("a", Trigger.DESIRED);
        await().until(() -> timer.pendingDelays().size() == 1);
        controller.enqueue("a", Trigger.OBSERVED);
        controller.enqueue("a", Trigger.RESYNC);
        awaitIdle();
        assertThat(reconciler.passes("a")).as("backing off").isEqualTo(1);
        controller.enqueue("a", Trigger.DESIRED);
        await().until(() -> reconciler.passes("a") == 2);
    }

    @Test
    void startEnqueuesEveryKnownKeyAndMetersThePasses() {
        Controller withKeys = new Controller(Kind.ROUTE, reconciler, () -> List.of("x", "y"), Backoff.DEFAULT, 2,
                timer, clock, meters);
        try {
            withKeys.start();
            await().until(() -> reconciler.passes("x") == 1 && reconciler.passes("y") == 1);
            await().until(() -> meters.counter("converge.reconcile.total", "kind", "routes", "result", "done")
                    .count() == 2);
            assertThat(meters.find("converge.queue.depth").tag("kind", "routes").gauge()).isNotNull();
        } finally {
            withKeys.stop(Duration.ofSeconds(2));
        }
    }
}
