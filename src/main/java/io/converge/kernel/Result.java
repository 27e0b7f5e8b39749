package io.converge.kernel;

import java.time.Duration;
import java.util.Objects;

/**
 * What one reconcile pass tells the engine. Immutable; built only through the named factories.
 * <ul>
 *   <li>{@link #done()}: converged; the key's backoff is forgotten.</li>
 *   <li>{@link #requeueAfter(Duration)}: converged for now, look again after the delay.</li>
 *   <li>{@link #retry(String)}: not converged for a transient reason; retried with per-key exponential backoff.</li>
 *   <li>{@link #terminal(String)}: cannot converge until the desired state changes (an invalid document);
 *       no retry, the next change of the key enqueues it again.</li>
 * </ul>
 * A reconciler that throws is treated as {@code retry} with the exception as the reason.
 */
public final class Result {
    /** How the engine schedules the key after a pass. */
    public enum Kind { DONE, REQUEUE_AFTER, RETRY, TERMINAL }

    private static final Result DONE = new Result(Kind.DONE, null, "");

    private final Kind kind;
    private final Duration after;
    private final String reason;

    private Result(Kind kind, Duration after, String reason) {
        this.kind = kind;
        this.after = after;
        this.reason = reason;
    }

    public static Result done() {
        return DONE;
    }

    public static Result requeueAfter(Duration after) {
        if (after == null || after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("requeueAfter needs a positive delay, got " + after);
        }
        return new Result(Kind.REQUEUE_AFTER, after, "");
    }

    public static Result retry(String reason) {
        return new Result(Kind.RETRY, null, Objects.requireNonNull(reason));
    }

    public static Result terminal(String reason) {
        return new Result(Kind.TERMINAL, null, Objects.requireNonNull(reason));
    }

    public Kind kind() {
        return kind;
    }

    /** The delay of a {@code REQUEUE_AFTER} result. */
    public Duration after() {
        return after;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DONE -> "done";
            case REQUEUE_AFTER -> "requeue after " + after;
            case RETRY -> "retry: " + reason;
            case TERMINAL -> "terminal: " + reason;
        };
    }
}
