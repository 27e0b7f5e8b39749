package io.converge.placement;

import io.converge.kernel.ResourceKey;
import io.converge.model.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** A planner input built step by step for a table row; node {@code a}, Service {@code web}, lock-delay 15 s. */
final class Situation {
    static final String NODE = "a";
    static final String KEY = "converge/locks/services/web";
    static final String DIR = KEY + "/";
    static final String LOCK = DIR + ".lock";
    static final String LEADER = "converge/locks/leader";
    static final ResourceKey WEB = new ResourceKey(Kind.SERVICE, "web");
    static final Duration LOCK_DELAY = Duration.ofSeconds(15);
    static final long NOW = 1_000_000_000_000L;
    static final Instant WALL = Instant.parse("2026-12-05T10:00:00Z");
    static final String SINCE = "2026-12-05T09:00:00Z";

    private ResourceKey resource = WEB;
    private String mode = "singleton";
    private boolean admitted = true;
    private int replicas = 1;
    private String lockKey = KEY;
    private Optional<String> session = Optional.of("s1");
    private final List<Holdings.Held> held = new ArrayList<>();
    private final Set<String> fresh = new HashSet<>();
    private Optional<LockStore.Entry> seen = Optional.empty();
    private final Map<String, Long> freeSince = new HashMap<>();
    private Attempt attempt = Attempt.NONE;

    static Situation singleton() {
        return new Situation();
    }

    static Situation replicated(int replicas) {
        Situation s = new Situation();
        s.mode = "replicated";
        s.replicas = replicas;
        return s;
    }

    static Situation leader() {
        Situation s = new Situation();
        s.resource = null;
        s.mode = "leader";
        s.lockKey = LEADER;
        return s;
    }

    Situation mode(String m) {
        mode = m;
        return this;
    }

    Situation notAdmitted() {
        admitted = false;
        return this;
    }

    Situation noSession() {
        session = Optional.empty();
        return this;
    }

    Situation session(String id) {
        session = Optional.of(id);
        return this;
    }

    /** Holds the key with the session, proved valid within fence-after. */
    Situation holding(String key, String sid) {
        held.add(new Holdings.Held(key, resource, sid, SINCE, ""));
        fresh.add(sid);
        return this;
    }

    /** Holds the key with the session, not proved valid within fence-after. */
    Situation holdingUnconfirmed(String key, String sid) {
        held.add(new Holdings.Held(key, resource, sid, SINCE, ""));
        return this;
    }

    /** The cache shows the key held by {@code sid} of {@code node} ({@code sid} null: free, last held by node). */
    Situation seen(String node, String sid) {
        seen = Optional.of(entry(lockKey, node, sid));
        return this;
    }

    Situation freeSince(String key, long nanos) {
        freeSince.put(key, nanos);
        return this;
    }

    Situation then(UnaryOperator<Attempt> outcome) {
        attempt = outcome.apply(attempt);
        return this;
    }

    static LockStore.Entry entry(String key, String node, String sid) {
        return new LockStore.Entry(key, LockDocs.contender(node), 7, sid);
    }

    LockPlanner.Input input() {
        return new LockPlanner.Input(resource, mode, admitted, replicas, lockKey, session, LOCK_DELAY, held, fresh,
                seen, freeSince, NOW, WALL, attempt);
    }

    /** A semaphore read: {@code .lock} with the limit and holders, and contender keys {@code session=node} held
     * by their session ({@code live}) or not. */
    static SemaphoreState semaphore(int limit, List<String> holders, Map<String, String> live,
                                    Map<String, String> dead) {
        List<LockStore.Entry> entries = new ArrayList<>();
        entries.add(new LockStore.Entry(LOCK, LockDocs.semaphore(limit, holders), 42, null));
        live.forEach((sid, node) -> entries.add(entry(DIR + sid, node, sid)));
        dead.forEach((sid, node) -> entries.add(entry(DIR + sid, node, null)));
        return SemaphoreState.of(DIR, entries);
    }

    @Override
    public String toString() {
        return mode;
    }
}
