package io.converge.placement;

/**
 * The local monotonic clock placement measures every deadline with (fence-after, lock-delay waits), in
 * nanoseconds from an arbitrary origin. Not the wall clock: fencing must hold when the wall clock is stepped, and no
 * value of it is ever compared across hosts (README, "Self-fencing"). Tests move a fake one by hand.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from a fixed, arbitrary origin; never goes backwards. */
    long nanos();

    /** {@link System#nanoTime()}. */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
