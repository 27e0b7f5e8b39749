package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.model.Kind;
import io.converge.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller with real worker threads (and, where a retry must fire by itself, a real timer). */
class ControllerConcurrencyTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Controller controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.stop(Duration.ofSeconds(2));
        }
        timer.shutdownNow();
    }

    private Controller controller(Reconciler reconciler, int workers, Backoff backoff, InstantSource clock) {
        controller = new Controller(Kind.SERVICE, reconciler, List::of, backoff, workers, timer, clock,
                new SimpleMeterRegistry());
        return controller;
    }

    @Test
    void aKeyAddedThreeTimesWhileQueuedIsProcessedOnce() {
        ScriptedReconciler reconciler = new ScriptedReconciler();
        Controller c = controller(reconciler, 1, Backoff.DEFAULT, new TestClock());
        c.enqueue("a", Trigger.DESIRED);
        c.enqueue("a", Trigger.OBSERVED);
        c.enqueue("a", Trigger.DESIRED);
        c.enqueue("last", Trigger.DESIRED);
        c.start();
        // one worker takes keys in order: had "a" been queued three times, all three would run before "last"
        await().until(() -> reconciler.passes("last") == 1);
        assertThat(reconciler.passes("a")).isEqualTo(1);
    }

    @Test
    void aKeyAddedWhileInFlightIsProcessedAgainAfterwards() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger sentinel = new AtomicInteger();
        Controller c = controller(name -> {
            if (name.equals("sentinel")) {
                sentinel.incrementAndGet();
            } else if (passes.incrementAndGet() == 1) {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return Result.done();
        }, 4, Backoff.DEFAULT, new TestClock());
        c.start();
        c.enqueue("a", Trigger.DESIRED);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        c.enqueue("a", Trigger.OBSERVED);
        c.enqueue("a", Trigger.DESIRED);
        c.enqueue("sentinel", Trigger.DESIRED);
        // keys are taken in order: a second "a" handed out would have been taken before the sentinel
        await().until(() -> sentinel.get() == 1);
        assertThat(passes.get()).as("three idle workers, yet no second pass while the first runs").isEqualTo(1);
        release.countDown();
        await().until(() -> passes.get() == 2);
    }

    @Test
    void neverTwoPassesOfOneKeyAtOnceAndEveryKeyRunsAfterItsLastAdd() {
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> passesAfterAdds = new ConcurrentHashMap<>();
        AtomicBoolean addsFinished = new AtomicBoolean();
        AtomicInteger passes = new AtomicInteger();
        Controller c = controller(name -> {
            boolean after = addsFinished.get();
            int now = inFlight.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            maxInFlight.merge(name, now, Math::max);
            for (int i = 0; i < 200; i++) {
                Thread.yield();
            }
            inFlight.get(name).decrementAndGet();
            passes.incrementAndGet();
            if (after) {
                passesAfterAdds.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            }
            return Result.done();
        }, 4, Backoff.DEFAULT, InstantSource.system());
        c.start();
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");
        int adds = 20_000;
        for (int i = 0; i < adds; i++) {
            c.enqueue(keys.get(i % keys.size()), i % 3 == 0 ? Trigger.DESIRED : Trigger.OBSERVED);
        }
        addsFinished.set(true);
        // a pass that started after the last add proves the last add was not lost
        keys.forEach(k -> c.enqueue(k, Trigger.OBSERVED));
        await().until(() -> keys.stream().allMatch(k -> passesAfterAdds.containsKey(k)));
        assertThat(maxInFlight).containsOnlyKeys(keys);
        assertThat(maxInFlight.values()).allMatch(max -> max == 1);
        assertThat(passes.get()).as("de-duplicated").isLessThan(adds);
    }

    @Test
    void aFailingKeyIsRetriedByItselfUntilItSucceedsAndThenLeftAlone() {
        ScriptedReconciler reconciler = new ScriptedReconciler()
                .then("a", Result.retry("1"), new RuntimeException("2"), Result.retry("3"));
        Controller c = controller(reconciler, 2, new Backoff(Duration.ofMillis(10), Duration.ofMillis(80)),
                InstantSource.system());
        c.start();
        c.enqueue("a", Trigger.DESIRED);
        await().atMost(Duration.ofSeconds(5)).until(() -> reconciler.passes("a") == 4);
        await().until(() -> c.failures("a") == 0);
        assertThat(reconciler.passes("a")).as("three failures, one success, no more").isEqualTo(4);
    }
}
