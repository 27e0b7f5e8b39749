package io.converge.kernel;

import io.converge.model.Kind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one kind's reconciler over its work queue: de-duplicated keys, one pass in flight per key, per-key
 * exponential backoff on failure, and one switch that decides what happens to a key after its pass.
 */
public final class Controller implements KindController {
    private static final Logger LOG = Logger.getLogger(Controller.class);

    private final Kind kind;
    private final Reconciler reconciler;
    private final Supplier<Collection<String>> knownKeys;
    private final WorkQueue queue;
    private final InstantSource clock;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private final Timer duration;
    private final Timer latency;
    private final Counter errors;
    private final MeterRegistry meters;

    /**
     * @param knownKeys every name worth a look on start-up and resync: specs, statuses and observed objects
     *                  (so that orphans and statuses of specs deleted while converge was down are found)
     */
    public Controller(Kind kind, Reconciler reconciler, Supplier<Collection<String>> knownKeys, Backoff backoff,
                      int workers, ScheduledExecutorService timer, InstantSource clock, MeterRegistry meters) {
        this.kind = kind;
        this.reconciler = reconciler;
        this.knownKeys = knownKeys;
        this.queue = new WorkQueue(backoff, timer, clock);
        this.clock = clock;
        this.workers = workers;
        this.meters = meters;
        String k = kind.plural();
        this.duration = Timer.builder("converge.reconcile.duration").tag("kind", k)
                .description("time spent in one reconcile pass").register(meters);
        this.latency = Timer.builder("converge.reconcile.latency").tag("kind", k)
                .description("time from the event that enqueued a key to the start of its pass").register(meters);
        this.errors = Counter.builder("converge.reconcile.errors").tag("kind", k)
                .description("reconcile passes that failed and were retried").register(meters);
        meters.gauge("converge.queue.depth", List.of(io.micrometer.core.instrument.Tag.of("kind", k)), queue,
                WorkQueue::depth);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    /** Queues a key as the trigger asks (see {@link Trigger}). Never blocks. */
    @Override
    public void enqueue(String name, Trigger trigger) {
        if (trigger == Trigger.DESIRED) {
            queue.add(name);
        } else {
            queue.addUnlessBackingOff(name);
        }
    }

    /** Enqueues every known key; called on start and by the periodic resync. */
    @Override
    public void resync() {
        knownKeys.get().forEach(name -> enqueue(name, Trigger.RESYNC));
    }

    /** Starts the workers and enqueues every known key. */
    @Override
    public synchronized void start() {
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "converge-" + kind.plural() + "-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        resync();
    }

    /** Stops taking keys and waits up to {@code grace} for passes in flight. Touches nothing in the world. */
    @Override
    public synchronized void stop(Duration grace) {
        queue.shutDown();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    /** How many consecutive failures the key has had (0 after a success). */
    public int failures(String name) {
        return queue.failures(name);
    }

    private void work() {
        try {
            while (true) {
                var item = queue.take();
                if (item.isEmpty()) {
                    return;
                }
                String key = item.get().key();
                latency.record(Duration.between(item.get().enqueuedAt(), clock.instant()));
                try {
                    process(key);
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(String key) {
        Result result;
        long start = System.nanoTime();
        try {
            result = reconciler.reconcile(key);
        } catch (Exception | LinkageError e) {
            result = Result.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.debugf(e, "%s/%s: reconcile failed", kind.plural(), key);
        } finally {
            duration.record(Duration.ofNanos(System.nanoTime() - start));
        }
        count(result);
        switch (result.kind()) {
            case DONE, TERMINAL -> queue.forget(key);
            case REQUEUE_AFTER -> {
                queue.forget(key);
                queue.addAfter(key, result.after());
            }
            case RETRY -> {
                errors.increment();
                Duration delay = queue.addRateLimited(key);
                LOG.warnf("%s/%s: not converged (%s); retry in %s", kind.plural(), key, result.reason(), delay);
            }
        }
    }

    private void count(Result result) {
        meters.counter("converge.reconcile.total", "kind", kind.plural(), "result",
                result.kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
    }
}
