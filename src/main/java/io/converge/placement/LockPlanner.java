package io.converge.placement;

import io.converge.kernel.Placement.Decision;
import io.converge.kernel.Placement.Role;
import io.converge.kernel.ResourceKey;
import io.converge.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure half of placement (SPEC §6.1): from what this node holds, its session, the lock keys as seen and the
 * outcomes of the attempt so far, the next {@link Step}. No I/O and no clock of its own: the caller passes the time
 * in. {@code every} takes nothing; {@code singleton} is one lock key; {@code replicated} the semaphore recipe
 * ({@link SemaphorePlanner}); the leader lock is a singleton contended with the main session.
 *
 * <p>The rules it holds: a node is active only while it holds the key with a session proved valid within
 * fence-after; a held key whose session was replaced is fenced; a free lock refused (in its lock-delay) is asked
 * for again lock-delay + 50 ms after this node first saw it free; a node that is no longer a candidate, or whose
 * Service changed mode, keeps what it holds until its instance is stopped and then releases it (yielding).
 */
public final class LockPlanner {
    /** A lock freed by an ended session is asked for again this long after its lock-delay, so as not to be early. */
    static final Duration AFTER_LOCK_DELAY = Duration.ofMillis(50);
    /** The shortest wait before asking again. */
    static final Duration MIN_WAIT = Duration.ofMillis(100);

    private final String node;
    private final SemaphorePlanner semaphore;

    /** @param node this node's name */
    public LockPlanner(String node) {
        this.node = node;
        this.semaphore = new SemaphorePlanner(this);
    }

    /**
     * What the planner decides from.
     *
     * @param resource  the resource placed ({@code null} for the leader lock)
     * @param mode      {@code singleton}, {@code replicated} or {@code every} (ignored for the leader lock)
     * @param admitted  this node is among the candidates
     * @param replicas  how many slots a {@code replicated} resource has
     * @param lockKey   {@code <prefix>/locks/services/<name>} (the semaphore lives under it, as a directory), or
     *                  the leader lock
     * @param session   this node's session with the resource's lock-delay, once Consul made it
     * @param lockDelay that session's lock-delay
     * @param held      what this node holds for the resource (any mode's key)
     * @param fresh     the sessions proved valid within fence-after
     * @param seen      the lock key as last seen by the cache of {@code <prefix>/locks/}
     * @param freeSince key → when this node first saw it free (monotonic nanoseconds)
     * @param now       the monotonic clock now
     * @param wall      the wall clock now (written into what is acquired, for people)
     */
    public record Input(ResourceKey resource, String mode, boolean admitted, int replicas, String lockKey,
                        Optional<String> session, Duration lockDelay, List<Holdings.Held> held, Set<String> fresh,
                        Optional<LockStore.Entry> seen, Map<String, Long> freeSince, long now, Instant wall,
                        Attempt attempt) {

        public Input {
            held = List.copyOf(held);
            fresh = Set.copyOf(fresh);
            freeSince = Map.copyOf(freeSince);
        }

        Optional<Holdings.Held> heldAt(String key) {
            return held.stream().filter(h -> h.lockKey().equals(key)).findFirst();
        }

        /** Held with a session other than the current one (empty current session included). */
        boolean replaced(Holdings.Held h) {
            return !session.equals(Optional.of(h.session()));
        }
    }

    String node() {
        return node;
    }

    /** The next step for a resource. */
    public Step next(Input in) {
        String mine = "singleton".equals(in.mode()) ? in.lockKey()
                : "replicated".equals(in.mode()) ? SemaphorePlanner.lockOf(in.lockKey()) : null;
        Optional<Holdings.Held> other = in.held().stream().filter(h -> !h.lockKey().equals(mine)).findFirst();
        if (other.isPresent()) {
            return decide(new Decision(Role.STANDBY, "placement changed to " + in.mode() + "; giving up "
                    + other.get().lockKey() + " first", List.of(node), Optional.empty(), true));
        }
        if ("every".equals(in.mode())) {
            return decide(in.admitted() ? new Decision(Role.ACTIVE, "node " + node + " is a candidate (every)")
                    : notCandidate(false));
        }
        if (!in.admitted()) {
            return decide(notCandidate(in.heldAt(mine).isPresent()));
        }
        return "replicated".equals(in.mode()) ? semaphore.next(in) : lock(in);
    }

    private Decision notCandidate(boolean holding) {
        String why = "node " + node + " is not among the candidates";
        return holding ? new Decision(Role.NOT_CANDIDATE, why + "; giving up its lock once its instance is gone",
                List.of(node), Optional.empty(), true) : new Decision(Role.NOT_CANDIDATE, why);
    }

    /** A singleton: hold the lock, acquire it, or wait for its holder or its lock-delay. */
    private Step lock(Input in) {
        String key = in.lockKey();
        Optional<Holdings.Held> held = in.heldAt(key);
        if (held.isPresent() && in.replaced(held.get())) {
            return new Step.Fence(held.get().session(), "session " + held.get().session() + " was replaced");
        }
        if (held.isPresent()) {
            Holdings.Held h = held.get();
            return in.fresh().contains(h.session())
                    ? decide(new Decision(Role.ACTIVE, "holds " + key + " since " + h.since() + h.took(),
                            List.of(node), Optional.empty(), false))
                    : standby("holds " + key + " but cannot confirm its session with Consul; fencing", List.of(),
                            Optional.empty());
        }
        if (in.session().isEmpty()) {
            return standby("waiting for this node's session (lock-delay " + Durations.format(in.lockDelay()) + ")",
                    List.of(), Optional.empty());
        }
        String sid = in.session().get();
        Optional<Step> contended = contend(in, sid);
        if (contended.isPresent()) {
            return contended.get();
        }
        Optional<String> previous = in.seen().map(LockDocs::holderNode);
        String prev = previous.filter(p -> !p.equals(node) && !p.equals("?")).map(p -> "; previous holder " + p)
                .orElse("");
        if (in.attempt().acquired(key).orElse(false)) {
            return new Step.Take(new Holdings.Held(key, in.resource(), sid, in.attempt().since().orElseThrow(), prev),
                    List.of(), "services/" + in.resource().name() + ": acquired " + key + " with session " + sid
                    + prev, new Decision(Role.ACTIVE, "acquired " + key + prev, List.of(node), Optional.empty(),
                    false, true));
        }
        Optional<LockStore.Entry> now = in.attempt().reads().get(key); // contend() read it after the refusal
        if (now.isPresent() && now.get().held()) {
            String holder = LockDocs.holderNode(now.get());
            return standby(key + " is held by " + holder, List.of(holder), Optional.empty());
        }
        return waitForLockDelay(in, key, previous.map(p -> " (previous holder " + p + ")").orElse(""));
    }

    /**
     * The steps a lock key takes before the outcome is known: standby while another session holds it in the
     * cache, else acquire it, and after a refusal read it again. Empty once acquired or read again.
     */
    private Optional<Step> contend(Input in, String sid) {
        String key = in.lockKey();
        Optional<LockStore.Entry> seen = in.seen();
        if (in.attempt().acquired(key).isEmpty()) {
            if (seen.isPresent() && seen.get().held() && !seen.get().session().equals(sid)) {
                String holder = LockDocs.holderNode(seen.get());
                return Optional.of(standby(key + " is held by " + holder, List.of(holder), Optional.empty()));
            }
            String since = in.wall().toString();
            return Optional.of(new Step.Acquire(key, LockDocs.lock(node, sid, since), since));
        }
        if (!in.attempt().acquired(key).get() && !in.attempt().reads().containsKey(key)) {
            return Optional.of(new Step.Read(key));
        }
        return Optional.empty();
    }

    /** A free key refused: ask again lock-delay + 50 ms after this node first saw it free, and no sooner than 100 ms. */
    private Step waitForLockDelay(Input in, String key, String previous) {
        long first = in.freeSince().getOrDefault(key, in.now());
        long until = first + in.lockDelay().toNanos() + AFTER_LOCK_DELAY.toNanos();
        Duration wait = until - in.now() < MIN_WAIT.toNanos() ? MIN_WAIT : Duration.ofNanos(until - in.now());
        return new Step.WaitUntil(key, first, until, new Decision(Role.STANDBY, key + " is free but in its lock-delay"
                + previous + "; trying again in " + wait.toMillis() + " ms", List.of(), Optional.of(wait), false));
    }

    /**
     * The leader lock ({@link Input#lockKey}), contended with the main session: announce while held (by this node
     * or, as the cache shows, another), acquire it when free, and wait out the lock-delay of a freed one.
     */
    public Step leader(Input in) {
        if (in.session().isEmpty()) {
            return new Step.Idle();
        }
        String key = in.lockKey();
        String sid = in.session().get();
        if (in.attempt().acquired(key).isEmpty() && in.heldAt(key).filter(h -> !in.replaced(h)).isPresent()) {
            return new Step.Announce();
        }
        Optional<Step> contended = contend(in, sid);
        if (contended.isPresent()) {
            return contended.get() instanceof Step.Decide ? new Step.Announce() : contended.get();
        }
        if (in.attempt().acquired(key).orElse(false)) {
            return new Step.Take(new Holdings.Held(key, null, sid, in.attempt().since().orElseThrow(), ""), List.of(),
                    "", new Decision(Role.ACTIVE, "acquired " + key, List.of(node), Optional.empty(), false, true));
        }
        Optional<LockStore.Entry> now = in.attempt().reads().get(key);
        return now.isPresent() && now.get().held() ? new Step.Idle() : waitForLockDelay(in, key, "");
    }

    static Step decide(Decision d) {
        return new Step.Decide(d);
    }

    static Step standby(String reason, List<String> holders, Optional<Duration> retry) {
        return new Step.Decide(new Decision(Role.STANDBY, reason, holders, retry, false));
    }
}
