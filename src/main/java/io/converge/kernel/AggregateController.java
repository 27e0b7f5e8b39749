package io.converge.kernel;

import io.converge.model.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Runs an {@link AggregateReconciler}: many resources, one whole. One worker thread takes keys from a
 * de-duplicating {@link WorkQueue}: each resource key is evaluated (a failed evaluation is retried with per-key
 * backoff); a change of a part queues one sync of the whole. A sync applies the whole when its parts changed, then
 * reports each resource whose evaluation or apply result changed; a failed apply is retried with backoff, and a
 * change meanwhile waits for that retry.
 * <p>
 * Coalescing without a fixed delay: one apply runs at a time and at most one sync is pending; a sync waits behind
 * the keys queued before it is taken (a burst is evaluated before the whole is applied), and for newer keys at most
 * one second of the clock. A positive {@code settle} also delays a sync by that much after the first change.
 * On start, the first apply waits until every known key has been evaluated, so that it never drops the parts of
 * resources not yet seen.
 */
public final class AggregateController<P> implements KindController {
    private final Kind kind;
    private final Supplier<Collection<String>> knownKeys;
    private final WorkQueue queue;
    private final AggregateWorker<P> passes;
    private Thread worker;

    /**
     * @param knownKeys every name worth a look on start-up and resync: specs and statuses (so that the status of
     *                  a spec deleted while converge was down is found)
     * @param backoff   for a failed evaluation (per key) and a failed apply
     * @param settle    how long a sync waits after the first change ({@link Duration#ZERO}: not at all)
     */
    public AggregateController(Kind kind, AggregateReconciler<P> reconciler, Supplier<Collection<String>> knownKeys,
                               Backoff backoff, Duration settle, ScheduledExecutorService timer, InstantSource clock,
                               MeterRegistry meters) {
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative, got " + settle);
        }
        this.kind = kind;
        this.knownKeys = knownKeys;
        this.queue = new WorkQueue(backoff, timer, clock);
        this.passes = new AggregateWorker<>(kind, reconciler, queue, settle, clock, meters);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    /** Queues a resource key as the trigger asks (see {@link Trigger}). Never blocks. */
    @Override
    public void enqueue(String name, Trigger trigger) {
        enqueueAll(List.of(name), trigger);
    }

    /**
     * Queues the keys of one event in one step (a spec listing, the resources that name a changed service), so
     * that the worker evaluates them all before it syncs: a burst from one event is one apply. Never blocks.
     */
    public void enqueueAll(Collection<String> names, Trigger trigger) {
        if (names.contains(AggregateWorker.SYNC)) {
            throw new IllegalArgumentException("not a resource name: \\0sync");
        }
        queue.addAll(names, trigger != Trigger.DESIRED);
    }

    /**
     * Enqueues every known key, then one sync that applies the whole even if its parts are unchanged (the
     * reconciler's apply then repairs drift); called on start and by the periodic resync.
     */
    @Override
    public void resync() {
        enqueueAll(knownKeys.get(), Trigger.RESYNC);
        passes.forceSync();
    }

    /** Like {@link #resync()}, and the sync of the whole is queued even while a failed apply waits out its backoff. */
    @Override
    public void retryNow() {
        enqueueAll(knownKeys.get(), Trigger.RESYNC);
        passes.forceSyncNow();
    }

    /** Starts the worker and enqueues every known key. */
    @Override
    public synchronized void start() {
        resync();
        worker = new Thread(passes, "converge-" + kind.plural() + "-aggregate");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops taking keys and waits up to {@code grace} for a pass in flight. Touches nothing in the world. */
    @Override
    public synchronized void stop(Duration grace) {
        queue.shutDown();
        if (worker != null) {
            try {
                worker.join(Math.max(1, grace.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    /** How many consecutive failures (of evaluation or status report) the key has had. */
    public int failures(String name) {
        return queue.failures(name);
    }

    /** How many consecutive applies have failed (0 after a success). */
    public int applyFailures() {
        return queue.failures(AggregateWorker.SYNC);
    }

    /** The result of the last apply attempt; empty before the first. */
    public Optional<ApplyResult> lastApply() {
        return passes.lastApply();
    }

    /** True when nothing is queued and no pass runs (keys waiting out a delay do not count). For tests. */
    boolean idle() {
        return queue.idle();
    }
}
