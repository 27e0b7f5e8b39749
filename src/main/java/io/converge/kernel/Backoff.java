package io.converge.kernel;

import java.time.Duration;

/**
 * Exponential backoff, a pure function of the number of consecutive failures: {@code initial * 2^(failures-1)},
 * capped at {@code max}. Stateless; the engine keeps the per-key failure counts.
 */
public record Backoff(Duration initial, Duration max) {

    /** The SPEC's backoff: 1 s doubling to 5 min. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** For reconnecting to an engine (an agent, a daemon, a stream): 1 s doubling to 30 s. */
    public static final Backoff RECONNECT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The delay before the next attempt after {@code failures} consecutive failures (at least 1). */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        int shift = Math.min(failures - 1, 30);
        long nanos = initial.toNanos();
        long capped = max.toNanos();
        return nanos > (capped >> shift) ? max : Duration.ofNanos(Math.min(nanos << shift, capped));
    }
}
