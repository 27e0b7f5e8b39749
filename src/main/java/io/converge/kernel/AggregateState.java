package io.converge.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bookkeeping of an {@link AggregateController}, with no threads and no I/O: each resource's last evaluation
 * and part in force, the parts and result of the last apply attempt, and what was last reported per resource.
 * Not thread-safe: owned by the controller's one worker.
 *
 * @param <P> the part one resource contributes to the whole
 */
final class AggregateState<P> {

    /** A status to report: the resource's evaluation and the apply result that covers its part. */
    record Report<P>(String name, Evaluation<P> evaluation, ApplyResult applied) {
    }

    private record Reported(Evaluation<?> evaluation, ApplyResult applied) {
    }

    private final SortedMap<String, P> parts = new TreeMap<>();
    private final Map<String, Evaluation<P>> evaluations = new HashMap<>();
    private final Map<String, Reported> reported = new HashMap<>();
    private SortedMap<String, P> attempted = Collections.emptySortedMap();
    private ApplyResult lastApply;

    /**
     * Records a resource's evaluation and updates its part in force ({@code failed} keeps the previous part).
     *
     * @return true when its part now differs from the one in the last apply attempt (the whole must be synced)
     */
    boolean record(String name, Evaluation<P> evaluation) {
        evaluations.put(name, evaluation);
        if (evaluation.decidesPart()) {
            Optional<P> part = evaluation.part();
            if (part.isPresent()) {
                parts.put(name, part.get());
            } else {
                parts.remove(name);
            }
        }
        return !settled(name);
    }

    /** True when the whole must be applied: never attempted, the last attempt failed, or the parts changed. */
    boolean needsApply() {
        return lastApply == null || !lastApply.ok() || !parts.equals(attempted);
    }

    /** The parts in force, as a sorted unmodifiable snapshot for one apply. */
    SortedMap<String, P> parts() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(parts));
    }

    int size() {
        return parts.size();
    }

    /** Records an apply attempt of {@code whole} (a snapshot from {@link #parts()}). */
    void attempted(SortedMap<String, P> whole, ApplyResult result) {
        attempted = whole;
        lastApply = Objects.requireNonNull(result);
    }

    Optional<ApplyResult> lastApply() {
        return Optional.ofNullable(lastApply);
    }

    /** The resource's status to report, if it changed and the last apply attempt carried its part in force. */
    Optional<Report<P>> unreported(String name) {
        Evaluation<P> evaluation = evaluations.get(name);
        if (evaluation == null || !settled(name)
                || new Reported(evaluation, lastApply).equals(reported.get(name))) {
            return Optional.empty();
        }
        return Optional.of(new Report<>(name, evaluation, lastApply));
    }

    /** Every status to report, sorted by name. */
    List<Report<P>> unreported() {
        List<Report<P>> out = new ArrayList<>();
        new TreeMap<>(evaluations).keySet().forEach(name -> unreported(name).ifPresent(out::add));
        return out;
    }

    /** Marks a report written; a resource reported absent after a successful apply is forgotten. */
    void reported(Report<P> report) {
        if (report.evaluation().outcome() == Evaluation.Outcome.ABSENT && report.applied().ok()) {
            evaluations.remove(report.name());
            reported.remove(report.name());
        } else {
            reported.put(report.name(), new Reported(report.evaluation(), report.applied()));
        }
    }

    /** True when the last apply attempt carried the resource's current part in force (or, for none, none). */
    private boolean settled(String name) {
        return lastApply != null && Objects.equals(parts.get(name), attempted.get(name));
    }
}
