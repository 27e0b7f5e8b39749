package io.converge.app;

import io.converge.config.ConvergeConfig;
import java.time.Duration;

/** The timing rule that makes self-fencing safe, checked once at start. */
final class Fencing {

    private Fencing() {
    }

    /**
     * Refuses a configuration under which fencing could come too late: a node must kill its instances before any
     * other node can acquire the locks, i.e. within lock-delay of the last moment Consul proved its session valid.
     * Returns the shortest lock-delay a Service may ask for.
     */
    static Duration checkTiming(ConvergeConfig.Placement p) {
        Duration min = p.fenceAfter().plus(p.fenceKillBudget());
        if (min.compareTo(p.lockDelay()) > 0) {
            throw new IllegalStateException("converge.placement.fence-after (" + p.fenceAfter()
                    + ") + converge.placement.fence-kill-budget (" + p.fenceKillBudget()
                    + ") must not exceed converge.placement.lock-delay (" + p.lockDelay()
                    + "): a partitioned node would fence after another node could already take its locks");
        }
        if (p.lockDelay().compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalStateException("converge.placement.lock-delay (" + p.lockDelay()
                    + ") is above Consul's limit of 60s");
        }
        if (p.fenceAfter().compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalStateException("converge.placement.fence-after (" + p.fenceAfter()
                    + ") is too short to confirm a session with Consul; use at least 200ms");
        }
        if (p.liveCheckInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("converge.placement.live-check-interval (" + p.liveCheckInterval()
                    + ") is below 1s: Consul runs checks at most once a second (it would run it every 1s)");
        }
        return min;
    }
}
