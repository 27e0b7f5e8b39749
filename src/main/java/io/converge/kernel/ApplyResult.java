package io.converge.kernel;

import java.util.Objects;

/**
 * What applying the whole of an aggregate room (the node's nft table, the proxy's config) came to. Immutable;
 * built only through the named factories; equal results are equal (a failure that repeats with the same reason
 * does not report every resource's status again).
 * <ul>
 *   <li>{@link #applied()}: the engine holds the rendering of the parts (whether it was loaded now or already
 *       there); the apply's backoff is forgotten.</li>
 *   <li>{@link #failed(String)}: the engine does not hold it; retried with backoff, and every resource's status
 *       shows the reason.</li>
 * </ul>
 * An apply that throws is treated as {@code failed} with the exception as the reason.
 */
public final class ApplyResult {
    private static final ApplyResult APPLIED = new ApplyResult(true, "");

    private final boolean ok;
    private final String reason;

    private ApplyResult(boolean ok, String reason) {
        this.ok = ok;
        this.reason = reason;
    }

    public static ApplyResult applied() {
        return APPLIED;
    }

    public static ApplyResult failed(String reason) {
        return new ApplyResult(false, Objects.requireNonNull(reason, "reason"));
    }

    /** True when the engine holds the whole. */
    public boolean ok() {
        return ok;
    }

    /** Why the apply failed; {@code ""} when it did not. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplyResult r && ok == r.ok && reason.equals(r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ok, reason);
    }

    @Override
    public String toString() {
        return ok ? "applied" : "failed: " + reason;
    }
}
