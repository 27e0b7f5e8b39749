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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pass that restarts a container makes Docker emit a "start" event, which arrives as {@link Trigger#OBSERVED}
 * while that very pass is still in flight. Such an event must not cut the pass's own backoff short, or a crash
 * loop is retried at once instead of with exponential backoff (SPEC §6.1).
 */
class ControllerBackoffEventTest {
    private final TestClock clock = new TestClock();
    private final ManualScheduler timer = new ManualScheduler(clock);
    private final AtomicInteger passes = new AtomicInteger();
    private final AtomicInteger sentinel = new AtomicInteger();
    private final AtomicReference<Controller> self = new AtomicReference<>();
    private final Controller controller = new Controller(Kind.SERVICE, name -> {
        if (name.equals("sentinel")) {
            sentinel.incrementAndGet();
            return Result.done();
        }
        passes.incrementAndGet();
        self.get().enqueue(name, Trigger.OBSERVED); // the event of the container this pass started
        return Result.retry("instance had exited and was started again");
    }, List::of, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)), 1, timer, clock,
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        controller.stop(Duration.ofSeconds(2));
    }

    @Test
    void anObservedEventDuringAFailingPassWaitsForTheBackoff() {
        self.set(controller);
        controller.start();
        controller.enqueue("a", Trigger.DESIRED);
        await().until(() -> timer.pendingDelays().equals(List.of(Duration.ofSeconds(1))));
        controller.enqueue("sentinel", Trigger.DESIRED);
        await().until(() -> sentinel.get() == 1);
        assertThat(passes.get()).as("no second pass before the 1 s backoff is over").isEqualTo(1);
        timer.advance(Duration.ofSeconds(1));
        await().until(() -> passes.get() == 2);
    }
}
