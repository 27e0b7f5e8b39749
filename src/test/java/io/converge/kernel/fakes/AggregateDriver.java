package io.converge.kernel.fakes;

import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.Evaluation;
import io.converge.kernel.KeySink;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drives an aggregate room's reconciler as the engine does, in the test's thread: evaluates the queued keys (and
 * those the room queues again through the sink), applies the parts once, reports each key evaluated.
 */
public final class AggregateDriver<P> implements KeySink {
    private final Deque<String> requeued = new ArrayDeque<>();
    private final Map<String, Evaluation<P>> evaluations = new TreeMap<>();
    private AggregateReconciler<P> reconciler;

    /** The reconciler to drive (built after this sink, which it is given). */
    public void drive(AggregateReconciler<P> reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public void enqueue(ResourceKey key, Trigger trigger) {
        requeued.add(key.name());
    }

    @Override
    public void resync(Kind kind) {
    }

    /** One burst: evaluates the keys and whatever the room queues again, applies once, reports each. */
    public ApplyResult converge(String... names) throws Exception {
        Set<String> evaluated = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(names));
        for (int guard = 0; !todo.isEmpty(); guard++) {
            if (guard > 1000) {
                throw new AssertionError("the room keeps queueing keys: " + todo);
            }
            String name = todo.poll();
            evaluations.put(name, reconciler.evaluate(name));
            evaluated.add(name);
            while (!requeued.isEmpty()) {
                String again = requeued.poll();
                if (!todo.contains(again)) {
                    todo.add(again);
                }
            }
        }
        TreeMap<String, P> parts = new TreeMap<>();
        evaluations.forEach((n, e) -> e.part().ifPresent(p -> parts.put(n, p)));
        ApplyResult result = reconciler.apply(Collections.unmodifiableSortedMap(parts));
        for (String name : evaluated) {
            reconciler.report(name, evaluations.get(name), result);
            if (evaluations.get(name).outcome() == Evaluation.Outcome.ABSENT) {
                evaluations.remove(name);
            }
        }
        return result;
    }
}
