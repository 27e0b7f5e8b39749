package io.converge.kernel;

import io.converge.model.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The meters of one {@link AggregateController}. Evaluations count as reconcile passes under the names
 * {@link Controller} uses ({@code converge.reconcile.total|duration|latency}, result = the evaluation's outcome);
 * applies have their own ({@code converge.aggregate.applies}, {@code converge.aggregate.apply.duration}); gauges
 * show the queue depth and the number of parts in force.
 */
final class AggregateMeters {
    private final MeterRegistry meters;
    private final String kind;
    private final Timer evaluation;
    private final Timer latency;
    private final Timer apply;

    AggregateMeters(MeterRegistry meters, Kind kind, WorkQueue queue, IntSupplier parts) {
        this.meters = meters;
        this.kind = kind.plural();
        this.evaluation = Timer.builder("converge.reconcile.duration").tag("kind", this.kind)
                .description("time spent in one reconcile pass").register(meters);
        this.latency = Timer.builder("converge.reconcile.latency").tag("kind", this.kind)
                .description("time from the event that enqueued a key to the start of its pass").register(meters);
        this.apply = Timer.builder("converge.aggregate.apply.duration").tag("kind", this.kind)
                .description("time spent applying the whole of an aggregate room").register(meters);
        List<Tag> tags = List.of(Tag.of("kind", this.kind));
        meters.gauge("converge.queue.depth", tags, queue, WorkQueue::depth);
        meters.gauge("converge.aggregate.parts", tags, parts, IntSupplier::getAsInt);
    }

    void latency(Duration sinceEnqueued) {
        latency.record(sinceEnqueued);
    }

    void evaluated(Evaluation.Outcome outcome, long nanos) {
        evaluation.record(Duration.ofNanos(nanos));
        meters.counter("converge.reconcile.total", "kind", kind, "result", outcome.name().toLowerCase(Locale.ROOT))
                .increment();
    }

    void applied(ApplyResult result, long nanos) {
        apply.record(Duration.ofNanos(nanos));
        meters.counter("converge.aggregate.applies", "kind", kind, "result", result.ok() ? "applied" : "failed")
                .increment();
    }
}
