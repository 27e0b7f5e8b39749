package io.converge.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * What evaluating one resource of an aggregate room tells the engine: the part it contributes to the whole, and
 * whether it is valid. Immutable; built only through the named factories; equal evaluations are equal (the engine
 * reports a resource's status again only when its evaluation or the apply result changed), so a part must have a
 * value {@code equals} (a record).
 * <ul>
 *   <li>{@link #valid(Object)}: the part is in force; the key's backoff is forgotten.</li>
 *   <li>{@link #invalid(String)}: terminal, nothing of the resource is in force (it never had a valid spec).</li>
 *   <li>{@link #invalid(String, Object)}: terminal, the last valid part stays in force (SPEC §4: "the last valid
 *       generation stays in force"); the room keeps that part (in the status's {@code appliedSpec}).</li>
 *   <li>{@link #absent()}: the resource is gone; its part leaves the whole, then its status is reported once
 *       (for the room to delete it) and the engine forgets it.</li>
 *   <li>{@link #failed(String)}: transient (a cache not readable): the resource's part in the whole is unchanged
 *       and the key is retried with per-key backoff.</li>
 * </ul>
 * An evaluate that throws is treated as {@code failed} with the exception as the reason.
 *
 * @param <P> the part one resource contributes to the whole (a rule, a route)
 */
public final class Evaluation<P> {
    /** Which of the factories built it. */
    public enum Outcome { VALID, INVALID, ABSENT, FAILED }

    private static final Evaluation<?> ABSENT = new Evaluation<>(Outcome.ABSENT, null, "");

    private final Outcome outcome;
    private final P part;
    private final String message;

    private Evaluation(Outcome outcome, P part, String message) {
        this.outcome = outcome;
        this.part = part;
        this.message = message;
    }

    public static <P> Evaluation<P> valid(P part) {
        return new Evaluation<>(Outcome.VALID, Objects.requireNonNull(part, "part"), "");
    }

    /** @param problem where and what is wrong, in words a user can act on */
    public static <P> Evaluation<P> invalid(String problem) {
        return new Evaluation<>(Outcome.INVALID, null, Objects.requireNonNull(problem, "problem"));
    }

    /** @param lastValid the part of the last valid generation, which stays in force */
    public static <P> Evaluation<P> invalid(String problem, P lastValid) {
        return new Evaluation<>(Outcome.INVALID, Objects.requireNonNull(lastValid, "lastValid"),
                Objects.requireNonNull(problem, "problem"));
    }

    @SuppressWarnings("unchecked")
    public static <P> Evaluation<P> absent() {
        return (Evaluation<P>) ABSENT;
    }

    public static <P> Evaluation<P> failed(String reason) {
        return new Evaluation<>(Outcome.FAILED, null, Objects.requireNonNull(reason, "reason"));
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The part in force for this resource: the valid part, the last valid part of an invalid one, else empty. */
    public Optional<P> part() {
        return Optional.ofNullable(part);
    }

    /** The problem of an invalid resource or the reason of a failed evaluation; {@code ""} otherwise. */
    public String message() {
        return message;
    }

    /** False for {@code failed}: the resource's part in the whole stays what it was. */
    boolean decidesPart() {
        return outcome != Outcome.FAILED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation<?> e && outcome == e.outcome && Objects.equals(part, e.part)
                && message.equals(e.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, part, message);
    }

    @Override
    public String toString() {
        String text = outcome.name().toLowerCase(java.util.Locale.ROOT);
        return (part == null ? text : text + " " + part) + (message.isEmpty() ? "" : ": " + message);
    }
}
