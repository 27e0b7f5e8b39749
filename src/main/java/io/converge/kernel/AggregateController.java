package io.converge.kernel;

import io.converge.model.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs an {@link AggregateReconciler}: many resources, one whole. One worker thread takes keys from a
 * de-duplicating {@link WorkQueue}: each resource key is evaluated (a failed evaluation is retried with per-key
 * backoff); a change of a part queues one sync of the whole. A sync applies the whole when its parts changed, then
 * reports each resource whose evaluation or apply result changed; a failed apply is retried with backoff.
 * <p>
 * Coalescing without a fixed delay: one apply runs at a time and at most one sync is pending; a sync waits behind
 * the keys already queued (a burst is evaluated before the whole is applied), for at most {@link #MAX_DEFER}.
 * A positive {@code settle} also delays a sync by that much after the first change. On start, the first apply
 * waits until every known key has been evaluated, so that it never drops the parts of resources not yet seen.
 */
public final class AggregateController<P> {
    /** How long a sync may keep waiting for newly queued keys to be evaluated first. */
    static final Duration MAX_DEFER = Duration.ofSeconds(1);
    /** The queue key of the sync; not a resource name (a name is a DNS label). */
    static final String SYNC = "\u0000sync";
    private static final Logger LOG = Logger.getLogger(AggregateController.class);

    private final Kind kind;
    private final AggregateReconciler<P> reconciler;
    private final Supplier<Collection<String>> knownKeys;
    private final Duration settle;
    private final InstantSource clock;
    private final MeterRegistry meters;
    private final WorkQueue queue;
    private final AggregateState<P> state = new AggregateState<>();
    private final AtomicBoolean force = new AtomicBoolean();
    private final Timer evaluateDuration;
    private final Timer applyDuration;
    private final Timer latency;
    private volatile ApplyResult lastApply;
    private volatile int parts;
    private Instant deferredSince;
    private Thread worker;

    /**
     * @param knownKeys every name worth a look on start-up and resync: specs and statuses
     * @param settle    how long a sync waits after the first change ({@link Duration#ZERO}: not at all)
     */
    public AggregateController(Kind kind, AggregateReconciler<P> reconciler, Supplier<Collection<String>> knownKeys,
                               Backoff backoff, Duration settle, ScheduledExecutorService timer, InstantSource clock,
                               MeterRegistry meters) {
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative, got " + settle);
        }
        this.kind = kind;
        this.reconciler = reconciler;
        this.knownKeys = knownKeys;
        this.settle = settle;
        this.clock = clock;
        this.meters = meters;
        this.queue = new WorkQueue(backoff, timer, clock);
        String k = kind.plural();
        this.evaluateDuration = Timer.builder("converge.reconcile.duration").tag("kind", k)
                .description("time spent in one reconcile pass").register(meters);
        this.latency = Timer.builder("converge.reconcile.latency").tag("kind", k)
                .description("time from the event that enqueued a key to the start of its pass").register(meters);
        this.applyDuration = Timer.builder("converge.aggregate.apply.duration").tag("kind", k)
                .description("time spent applying the whole of an aggregate room").register(meters);
        meters.gauge("converge.queue.depth", List.of(Tag.of("kind", k)), queue, WorkQueue::depth);
        meters.gauge("converge.aggregate.parts", List.of(Tag.of("kind", k)), this, c -> c.parts);
    }

    public Kind kind() {
        return kind;
    }

    /** Queues a resource key as the trigger asks (see {@link Trigger}). Never blocks. */
    public void enqueue(String name, Trigger trigger) {
        if (SYNC.equals(name)) {
            throw new IllegalArgumentException("not a resource name: " + name.replace("\u0000", "\\0"));
        }
        if (trigger == Trigger.DESIRED) {
            queue.add(name);
        } else {
            queue.addUnlessBackingOff(name);
        }
    }

    /**
     * Enqueues every known key, then one sync that applies the whole even if its parts are unchanged (the
     * reconciler's apply then repairs drift); called on start and by the periodic resync.
     */
    public void resync() {
        knownKeys.get().forEach(name -> enqueue(name, Trigger.RESYNC));
        force.set(true);
        queue.addUnlessBackingOff(SYNC);
    }

    /** Starts the worker and enqueues every known key. */
    public synchronized void start() {
        resync();
        worker = new Thread(this::work, "converge-" + kind.plural() + "-aggregate");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops taking keys and waits up to {@code grace} for a pass in flight. Touches nothing in the world. */
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
        return queue.failures(SYNC);
    }

    /** The result of the last apply attempt; empty before the first. */
    public Optional<ApplyResult> lastApply() {
        return Optional.ofNullable(lastApply);
    }

    /** True when nothing is queued and no pass runs (keys waiting out a delay do not count). For tests. */
    boolean idle() {
        return queue.idle();
    }

    private void work() {
        try {
            while (true) {
                var item = queue.take();
                if (item.isEmpty()) {
                    return;
                }
                String key = item.get().key();
                try {
                    if (key.equals(SYNC)) {
                        sync();
                    } else {
                        latency.record(Duration.between(item.get().enqueuedAt(), clock.instant()));
                        evaluate(key);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "%s/%s: pass failed", kind.plural(), key);
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void evaluate(String name) {
        Evaluation<P> evaluation;
        long start = System.nanoTime();
        try {
            evaluation = java.util.Objects.requireNonNull(reconciler.evaluate(name), "evaluate returned null");
        } catch (Exception | LinkageError e) {
            evaluation = Evaluation.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.debugf(e, "%s/%s: evaluation failed", kind.plural(), name);
        } finally {
            evaluateDuration.record(Duration.ofNanos(System.nanoTime() - start));
        }
        meters.counter("converge.reconcile.total", "kind", kind.plural(), "result",
                evaluation.outcome().name().toLowerCase(Locale.ROOT)).increment();
        boolean changed = state.record(name, evaluation);
        parts = state.size();
        boolean ok = evaluation.outcome() != Evaluation.Outcome.FAILED;
        if (changed && state.lastApply().isPresent()) {
            requestSync();
        } else {
            ok &= state.unreported(name).map(this::report).orElse(true);
        }
        if (ok) {
            queue.forget(name);
        } else {
            Duration delay = queue.addRateLimited(name);
            LOG.warnf("%s/%s: not converged (%s); retry in %s", kind.plural(), name, evaluation, delay);
        }
    }

    private void requestSync() {
        if (settle.isZero()) {
            queue.addUnlessBackingOff(SYNC);
        } else if (queue.failures(SYNC) == 0) {
            queue.addAfter(SYNC, settle);
        }
    }

    private void sync() {
        Instant now = clock.instant();
        if (queue.depth() > 0 && (deferredSince == null || now.isBefore(deferredSince.plus(MAX_DEFER)))) {
            deferredSince = deferredSince == null ? now : deferredSince;
            queue.add(SYNC);
            return;
        }
        deferredSince = null;
        if (force.getAndSet(false) || state.needsApply()) {
            apply(state.parts());
        }
        state.unreported().forEach(report -> {
            if (!report(report)) {
                queue.addRateLimited(report.name());
            }
        });
    }

    private void apply(SortedMap<String, P> whole) {
        ApplyResult result;
        long start = System.nanoTime();
        try {
            result = java.util.Objects.requireNonNull(reconciler.apply(whole), "apply returned null");
        } catch (Exception | LinkageError e) {
            result = ApplyResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.debugf(e, "%s: apply failed", kind.plural());
        } finally {
            applyDuration.record(Duration.ofNanos(System.nanoTime() - start));
        }
        meters.counter("converge.aggregate.applies", "kind", kind.plural(), "result",
                result.ok() ? "applied" : "failed").increment();
        state.attempted(whole, result);
        lastApply = result;
        if (result.ok()) {
            queue.forget(SYNC);
        } else {
            Duration delay = queue.addRateLimited(SYNC);
            LOG.warnf("%s: %d parts not applied (%s); retry in %s", kind.plural(), whole.size(), result.reason(),
                    delay);
        }
    }

    /** Writes one status; false (logged) when the reconciler threw. */
    private boolean report(AggregateState.Report<P> report) {
        try {
            reconciler.report(report.name(), report.evaluation(), report.applied());
            state.reported(report);
            return true;
        } catch (Exception | LinkageError e) {
            LOG.warnf("%s/%s: status not written (%s: %s)", kind.plural(), report.name(),
                    e.getClass().getSimpleName(), e.getMessage());
            return false;
        }
    }
}
