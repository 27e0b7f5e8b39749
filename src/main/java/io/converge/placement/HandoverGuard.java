package io.converge.placement;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The handover guard ({@code converge handover-guard}): stands in for a stopped {@code converge run} that handed
 * its node over to the next start (SPEC §6.1, docs/placement-and-fencing.md "Restarts"). While it waits, it keeps
 * the node's sessions alive (passes converge's check) and proves them with Consul as {@code Fence} does. It ends
 * in one of three ways:
 * <ul>
 *   <li>the handover marker is gone or replaced: a new converge adopted the node (or {@code converge fence} ran);
 *   nothing to do;</li>
 *   <li>the grace ran out: it claims the marker (check-and-set delete, so that it and an adopting converge never
 *   both win), kills the instances of lock-placed Services, and only then ends the sessions (their locks move after
 *   lock-delay);</li>
 *   <li>a session is gone, or could not be proved valid for fence-after: it kills at once, as self-fencing would,
 *   then ends what is left.</li>
 * </ul>
 * No I/O of its own: the Consul side and the kill are ports, the clock is injected.
 */
public final class HandoverGuard {

    /** What a stopping converge wrote at {@code <prefix>/handover/<node>}. */
    /**
     * @param provedAtMillis the wall clock (epoch ms, this host's) when the stopping converge last proved every
     *                       session it held locks with; the guard's fence-after deadline counts from then
     * @param index          the marker's ModifyIndex (what a claim deletes)
     */
    public record Marker(String node, long pid, List<String> sessions, String checkId, Duration grace,
                         Duration fenceAfter, Duration interval, long provedAtMillis, long index) {
        public Marker {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * The Consul side. Every method answers within its {@code timeout} or throws (a frozen agent must not hold the
     * guard past a deadline).
     */
    public interface Agent {
        Optional<Marker> marker(Duration timeout);

        /** Deletes the marker if it is still at {@code index}; true when this call deleted it. */
        boolean claim(long index, Duration timeout);

        /** A consistent read: is the session still valid? */
        boolean valid(String session, Duration timeout);

        void pass(String checkId, Duration timeout);

        void destroy(String session, Duration timeout);

        /** Tells the stopping converge that this guard stands in for the marker at {@code index}. */
        void guarding(long index, Duration timeout);

        /** Withdraws {@link #guarding} (the guard ends). */
        void done(Duration timeout);

        void sleep(Duration d) throws InterruptedException;
    }

    /** How the guard ended. */
    public enum Outcome { NOTHING_TO_GUARD, ADOPTED, FENCED_GRACE, FENCED_UNPROVED }

    private final Agent agent;
    private final Runnable kill;
    private final MonotonicClock clock;
    private final java.util.function.Consumer<String> log;
    private final Duration fenceAfter;

    /** One round of probes: a session Consul says is gone, and whether every session was proved valid. */
    private record Probe(Optional<String> gone, boolean allProved) {
    }

    /**
     * @param kill       kills this node's instances of lock-placed Services (Docker only); must not need Consul
     * @param fenceAfter this node's {@code converge.placement.fence-after}: a marker that cannot be read within half
     *                   of it is taken as a handover nobody can prove (the instances are killed)
     */
    public HandoverGuard(Agent agent, Runnable kill, Duration fenceAfter, MonotonicClock clock,
                         java.util.function.Consumer<String> log) {
        this.agent = agent;
        this.fenceAfter = fenceAfter;
        this.kill = kill;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Guards the node until it is adopted or fenced. {@code nowMillis}: the wall clock now, to tell how long ago
     * the stopping converge last proved its sessions (same host, same clock; a clock stepped backwards counts as
     * "just now", one stepped forwards as "long ago", which fences early, never late by more than the step).
     */
    public Outcome run(long nowMillis) throws InterruptedException {
        Optional<Optional<Marker>> first = readMarker();
        if (first.isEmpty()) {
            log.accept("fencing: the handover marker could not be read within " + fenceAfter.dividedBy(2).toMillis()
                    + " ms (Consul does not answer); killing the instances of lock-placed Services");
            kill.run();
            return Outcome.FENCED_UNPROVED;
        }
        if (first.get().isEmpty()) {
            return Outcome.NOTHING_TO_GUARD;
        }
        Marker m = first.get().get();
        try {
            return guard(m, provedAgo(nowMillis, m));
        } finally {
            try {
                agent.done(fenceAfter.dividedBy(8));
            } catch (RuntimeException e) {
                log.accept("could not withdraw the guard's key: " + e.getMessage());
            }
        }
    }

    private static Duration provedAgo(long nowMillis, Marker m) {
        return Duration.ofMillis(Math.max(0, nowMillis - m.provedAtMillis()));
    }

    private Outcome guard(Marker m, Duration provedAgo) throws InterruptedException {
        long start = clock.nanos();
        long deadline = start + m.grace().toNanos();
        long proved = start - Math.min(provedAgo.toNanos(), m.fenceAfter().toNanos());
        Duration tick = m.interval().compareTo(m.fenceAfter().dividedBy(4)) < 0 ? m.interval()
                : m.fenceAfter().dividedBy(4);
        announce(m, tick);
        while (true) {
            if (markerGone(m, tick)) {
                log.accept("adopted: the handover marker is gone or was replaced");
                return Outcome.ADOPTED;
            }
            long sent = clock.nanos();
            Probe probe = probe(m, tick);
            if (probe.gone().isPresent()) {
                return fence(m, "Consul says session " + probe.gone().get() + " is gone", Outcome.FENCED_UNPROVED,
                        tick);
            }
            if (probe.allProved()) {
                proved = sent;
            }
            try {
                agent.pass(m.checkId(), tick);
            } catch (RuntimeException e) {
                log.accept("could not pass " + m.checkId() + ": " + e.getMessage());
            }
            long t = clock.nanos();
            if (t - proved >= m.fenceAfter().toNanos()) {
                return fence(m, "could not prove the sessions for " + m.fenceAfter().toMillis() + " ms",
                        Outcome.FENCED_UNPROVED, tick);
            }
            if (t >= deadline) {
                if (!claim(m, tick)) {
                    log.accept("adopted at the deadline: a new converge took the marker");
                    return Outcome.ADOPTED;
                }
                return fence(m, "no converge adopted the node within " + m.grace().toMillis() + " ms",
                        Outcome.FENCED_GRACE, tick);
            }
            long next = Math.min(deadline, Math.min(proved + m.fenceAfter().toNanos(), t + tick.toNanos()));
            agent.sleep(Duration.ofNanos(Math.max(1_000_000, next - t)));
        }
    }

    /** Passes the check and tells the stopping converge that the guard stands in (best effort). */
    private void announce(Marker m, Duration tick) {
        try {
            agent.pass(m.checkId(), tick);
            agent.guarding(m.index(), tick);
        } catch (RuntimeException e) {
            log.accept("could not announce the guard: " + e.getMessage());
        }
        log.accept("guarding node " + m.node() + " for " + m.grace().toMillis() + " ms: sessions " + m.sessions());
    }

    /** True when the marker is gone or replaced; a read that fails says nothing (keep guarding). */
    private boolean markerGone(Marker m, Duration tick) {
        try {
            Optional<Marker> now = agent.marker(tick);
            return now.isEmpty() || now.get().index() != m.index();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Probes every session with a consistent read. */
    private Probe probe(Marker m, Duration timeout) {
        boolean all = true;
        for (String s : m.sessions()) {
            try {
                if (!agent.valid(s, timeout)) {
                    return new Probe(Optional.of(s), false);
                }
            } catch (RuntimeException e) {
                all = false;
            }
        }
        return new Probe(Optional.empty(), all);
    }

    /** The marker (or its absence), read within half of fence-after; empty when Consul did not answer in time. */
    private Optional<Optional<Marker>> readMarker() throws InterruptedException {
        long until = clock.nanos() + fenceAfter.dividedBy(2).toNanos();
        Duration timeout = fenceAfter.dividedBy(8);
        while (clock.nanos() < until) {
            try {
                return Optional.of(agent.marker(timeout));
            } catch (RuntimeException e) {
                agent.sleep(Duration.ofMillis(250));
            }
        }
        return Optional.empty();
    }

    private boolean claim(Marker m, Duration timeout) {
        try {
            return agent.claim(m.index(), timeout);
        } catch (RuntimeException e) {
            return true; // Consul does not answer: nobody can prove an adoption; fence
        }
    }

    /** Kills first, then (best effort) claims the marker and ends the sessions: the locks move after lock-delay. */
    private Outcome fence(Marker m, String why, Outcome outcome, Duration timeout) {
        log.accept("fencing: " + why + "; killing the instances of lock-placed Services");
        kill.run();
        try {
            agent.claim(m.index(), timeout);
        } catch (RuntimeException e) {
            log.accept("could not remove the handover marker: " + e.getMessage());
        }
        for (String s : m.sessions()) {
            try {
                agent.destroy(s, timeout);
            } catch (RuntimeException e) {
                log.accept("could not end session " + s + ": " + e.getMessage());
            }
        }
        log.accept("fenced node " + m.node() + " (" + outcome + ")");
        return outcome;
    }
}
