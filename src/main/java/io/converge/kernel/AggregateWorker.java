package io.converge.kernel;

import io.converge.model.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one worker of an {@link AggregateController}: takes keys from the queue and runs their passes. A resource
 * key is evaluated; the {@link #SYNC} key applies the whole if needed and reports what changed. It owns the
 * {@link AggregateState}, so nothing in a pass is shared with another thread.
 */
final class AggregateWorker<P> implements Runnable {
    /** How long a sync may keep waiting for newly queued keys to be evaluated first. */
    static final Duration MAX_DEFER = Duration.ofSeconds(1);
    /** The queue key of the sync; not a resource name (a name is a DNS label). */
    static final String SYNC = "\u0000sync";
    static final int REASON_LIMIT = 500;
    private static final Logger LOG = Logger.getLogger(AggregateWorker.class);

    private final Kind kind;
    private final AggregateReconciler<P> reconciler;
    private final WorkQueue queue;
    private final Duration settle;
    private final InstantSource clock;
    private final AggregateMeters meters;
    private final AggregateState<P> state = new AggregateState<>();
    private final AtomicBoolean force = new AtomicBoolean();
    private volatile ApplyResult lastApply;
    private volatile int parts;
    private Instant deferredSince;

    AggregateWorker(Kind kind, AggregateReconciler<P> reconciler, WorkQueue queue, Duration settle,
                    InstantSource clock, MeterRegistry registry) {
        this.kind = kind;
        this.reconciler = reconciler;
        this.queue = queue;
        this.settle = settle;
        this.clock = clock;
        this.meters = new AggregateMeters(registry, kind, queue, () -> parts);
    }

    /** Queues a sync that applies the whole even if its parts are unchanged; thread-safe. */
    void forceSync() {
        force.set(true);
        queue.addUnlessBackingOff(SYNC);
    }

    /** {@link #forceSync()} without waiting out the backoff of a failed apply; thread-safe. */
    void forceSyncNow() {
        force.set(true);
        queue.add(SYNC);
    }

    Optional<ApplyResult> lastApply() {
        return Optional.ofNullable(lastApply);
    }

    /** Takes keys and runs their passes until the queue is shut down. */
    @Override
    public void run() {
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
                        meters.latency(Duration.between(item.get().enqueuedAt(), clock.instant()));
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
            evaluation = Objects.requireNonNull(reconciler.evaluate(name), "evaluate returned null");
        } catch (Exception | LinkageError e) {
            evaluation = Evaluation.failed(reason(e));
            LOG.debugf(e, "%s/%s: evaluation failed", kind.plural(), name);
        }
        meters.evaluated(evaluation.outcome(), System.nanoTime() - start);
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
            result = Objects.requireNonNull(reconciler.apply(whole), "apply returned null");
        } catch (Exception | LinkageError e) {
            result = ApplyResult.failed(reason(e));
            LOG.debugf(e, "%s: apply failed", kind.plural());
        }
        meters.applied(result, System.nanoTime() - start);
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

    /** The exception as a reason a status can carry: its type and at most {@link #REASON_LIMIT} characters. */
    static String reason(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() <= REASON_LIMIT ? text : text.substring(0, REASON_LIMIT) + "… (cut)";
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
