package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.testing.ManualScheduler;
import io.converge.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue on its own, on the test's thread: take/done stand in for a worker, the clock is advanced by hand. */
class WorkQueueTest {
    private final TestClock clock = new TestClock();
    private final ManualScheduler timer = new ManualScheduler(clock);
    private final WorkQueue queue = new WorkQueue(new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)), timer,
            clock);

    private String take() throws InterruptedException {
        return queue.take().orElseThrow().key();
    }

    @Test
    void aKeyAddedThreeTimesWhileQueuedIsHandedOutOnce() throws Exception {
        queue.add("a");
        queue.add("a");
        queue.add("a");
        queue.add("b");
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(take()).isEqualTo("a");
        assertThat(take()).isEqualTo("b");
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aKeyAddedWhileInFlightIsQueuedAgainOnlyWhenItsPassIsDone() throws Exception {
        queue.add("a");
        assertThat(take()).isEqualTo("a");
        queue.add("a");
        queue.add("a");
        assertThat(queue.depth()).as("never handed out twice at once").isZero();
        queue.done("a");
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(take()).isEqualTo("a");
        queue.done("a");
        assertThat(queue.depth()).isZero();
    }

    @Test
    void anItemCarriesTheTimeOfItsFirstAdd() throws Exception {
        Instant first = clock.instant();
        queue.add("a");
        clock.advance(Duration.ofSeconds(3));
        queue.add("a");
        assertThat(queue.take().orElseThrow().enqueuedAt()).isEqualTo(first);
    }

    @Test
    void addAfterQueuesOnlyOnceTheDelayHasPassed() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(5));
        timer.advance(Duration.ofMillis(4999));
        assertThat(queue.depth()).isZero();
        timer.advance(Duration.ofMillis(1));
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(take()).isEqualTo("a");
    }

    @Test
    void addAfterKeepsTheEarlierOfTwoPendingDelays() {
        queue.addAfter("a", Duration.ofSeconds(1));
        queue.addAfter("a", Duration.ofSeconds(10));
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofSeconds(1));
        queue.addAfter("b", Duration.ofSeconds(10));
        queue.addAfter("b", Duration.ofSeconds(2));
        assertThat(timer.pendingDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void addRateLimitedWaitsOutTheBackoffOfEachConsecutiveFailure() {
        List<Long> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(queue.addRateLimited("a").toMillis());
            timer.advance(Duration.ofMillis(80));
        }
        assertThat(delays).containsExactly(10L, 20L, 40L, 80L, 80L);
        assertThat(queue.failures("a")).isEqualTo(5);
        queue.forget("a");
        assertThat(queue.failures("a")).isZero();
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void addUnlessBackingOffSkipsAKeyWaitingOutItsBackoffButAddDoesNot() throws Exception {
        queue.addRateLimited("a");
        queue.addUnlessBackingOff("a");
        assertThat(queue.depth()).as("an observed change does not cut a backoff short").isZero();
        queue.add("a");
        assertThat(queue.depth()).as("a desired change runs at once").isEqualTo(1);
    }

    @Test
    void addUnlessBackingOffQueuesAKeyThatIsNotBackingOff() {
        queue.addUnlessBackingOff("fresh");
        queue.addAfter("requeued", Duration.ofMinutes(10));
        queue.addUnlessBackingOff("requeued");
        assertThat(queue.depth()).isEqualTo(2);
    }

    @Test
    void anObservedAddDuringAPassThatEndsInBackoffWaitsForTheBackoff() throws Exception {
        queue.add("a");
        take();
        queue.addUnlessBackingOff("a");
        queue.addRateLimited("a");
        queue.done("a");
        assertThat(queue.depth()).isZero();
        timer.advance(Duration.ofMillis(10));
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void aDesiredAddDuringAPassThatEndsInBackoffRunsAtOnce() throws Exception {
        queue.add("a");
        take();
        queue.add("a");
        queue.addRateLimited("a");
        queue.done("a");
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void theScheduledRetryRunsTheKeyOnceTheBackoffIsOver() throws Exception {
        queue.addRateLimited("a");
        timer.advance(Duration.ofMillis(10));
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(take()).isEqualTo("a");
    }

    @Test
    void shutDownEndsTakeAndIgnoresNewKeys() throws Exception {
        queue.addAfter("later", Duration.ofSeconds(1));
        queue.shutDown();
        queue.add("a");
        assertThat(queue.take()).isEmpty();
        assertThat(timer.pendingDelays()).as("pending delays are cancelled").isEmpty();
    }
}
