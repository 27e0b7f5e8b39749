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

    /** The Consul side. Every method may throw when Consul does not answer. */
    public interface Agent {
        Optional<Marker> marker();

        /** Deletes the marker if it is still at {@code index}; true when this call deleted it. */
        boolean claim(long index);

        /** A consistent read: is the session still valid? */
        boolean valid(String session, Duration timeout);

        void pass(String checkId);

        void destroy(String session);

        void sleep(Duration d) throws InterruptedException;
    }

    /** How the guard ended. */
    public enum Outcome { NOTHING_TO_GUARD, ADOPTED, FENCED_GRACE, FENCED_UNPROVED }

    private final Agent agent;
    private final Runnable kill;
    private final MonotonicClock clock;
    private final java.util.function.Consumer<String> log;

    /** @param kill kills this node's instances of lock-placed Services (Docker only); must not need Consul */
    public HandoverGuard(Agent agent, Runnable kill, MonotonicClock clock, java.util.function.Consumer<String> log) {
        this.agent = agent;
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
        Optional<Marker> first = readMarker();
        if (first.isEmpty()) {
            return Outcome.NOTHING_TO_GUARD;
        }
        Marker m = first.get();
        Duration provedAgo = Duration.ofMillis(Math.max(0, nowMillis - m.provedAtMillis()));
        long start = clock.nanos();
        long deadline = start + m.grace().toNanos();
        long proved = start - Math.min(provedAgo.toNanos(), m.fenceAfter().toNanos());
        Duration tick = m.interval().compareTo(m.fenceAfter().dividedBy(4)) < 0 ? m.interval()
                : m.fenceAfter().dividedBy(4);
        log.accept("guarding node " + m.node() + " for " + m.grace().toMillis() + " ms: sessions " + m.sessions());
        while (true) {
            Optional<Marker> now;
            try {
                now = agent.marker();
            } catch (RuntimeException e) {
                now = Optional.of(m); // unknown: keep guarding
            }
            if (now.isEmpty() || now.get().index() != m.index()) {
                log.accept("adopted: the handover marker is gone or was replaced");
                return Outcome.ADOPTED;
            }
            long sent = clock.nanos();
            Optional<String> gone = probe(m, tick);
            if (gone.isPresent()) {
                return fence(m, "Consul says session " + gone.get() + " is gone", Outcome.FENCED_UNPROVED);
            }
            if (allProved) {
                proved = sent;
            }
            try {
                agent.pass(m.checkId());
            } catch (RuntimeException e) {
                log.accept("could not pass " + m.checkId() + ": " + e.getMessage());
            }
            long t = clock.nanos();
            if (t - proved >= m.fenceAfter().toNanos()) {
                return fence(m, "could not prove the sessions for " + m.fenceAfter().toMillis() + " ms",
                        Outcome.FENCED_UNPROVED);
            }
            if (t >= deadline) {
                if (!claim(m)) {
                    log.accept("adopted at the deadline: a new converge took the marker");
                    return Outcome.ADOPTED;
                }
                return fence(m, "no converge adopted the node within " + m.grace().toMillis() + " ms",
                        Outcome.FENCED_GRACE);
            }
            long next = Math.min(deadline, Math.min(proved + m.fenceAfter().toNanos(), t + tick.toNanos()));
            agent.sleep(Duration.ofNanos(Math.max(1_000_000, next - t)));
        }
    }

    private boolean allProved;

    /** Probes every session; returns one Consul says is gone. Sets {@link #allProved}. */
    private Optional<String> probe(Marker m, Duration timeout) {
        allProved = true;
        for (String s : m.sessions()) {
            try {
                if (!agent.valid(s, timeout)) {
                    return Optional.of(s);
                }
            } catch (RuntimeException e) {
                allProved = false;
            }
        }
        return Optional.empty();
    }

    private Optional<Marker> readMarker() {
        for (int attempt = 0; ; attempt++) {
            try {
                return agent.marker();
            } catch (RuntimeException e) {
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    private boolean claim(Marker m) {
        try {
            return agent.claim(m.index());
        } catch (RuntimeException e) {
            return true; // Consul does not answer: nobody can prove an adoption; fence
        }
    }

    /** Kills first, then (best effort) claims the marker and ends the sessions: the locks move after lock-delay. */
    private Outcome fence(Marker m, String why, Outcome outcome) {
        log.accept("fencing: " + why + "; killing the instances of lock-placed Services");
        kill.run();
        try {
            agent.claim(m.index());
        } catch (RuntimeException e) {
            log.accept("could not remove the handover marker: " + e.getMessage());
        }
        for (String s : m.sessions()) {
            try {
                agent.destroy(s);
            } catch (RuntimeException e) {
                log.accept("could not end session " + s + ": " + e.getMessage());
            }
        }
        log.accept("fenced node " + m.node() + " (" + outcome + ")");
        return outcome;
    }
}
