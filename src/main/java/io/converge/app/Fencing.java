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

    /** Refuses a handover grace too short to outlast a missed pass of converge's check, and an unknown guard. */
    static void checkHandover(ConvergeConfig config) {
        Duration grace = config.shutdown().handoverGrace();
        Duration interval = config.placement().liveCheckInterval();
        if (grace.isNegative() || (!grace.isZero() && grace.compareTo(interval.multipliedBy(3)) < 0)) {
            throw new IllegalStateException("converge.shutdown.handover-grace (" + grace + ") must be 0 (no handover) "
                    + "or at least 3 x converge.placement.live-check-interval (" + interval.multipliedBy(3) + ")");
        }
        if (!java.util.Set.of("spawn", "systemd-run").contains(config.shutdown().guard())) {
            throw new IllegalStateException("converge.shutdown.guard must be spawn or systemd-run, not '"
                    + config.shutdown().guard() + "'");
        }
    }
}
