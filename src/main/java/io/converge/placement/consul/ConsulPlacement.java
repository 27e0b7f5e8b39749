package io.converge.placement.consul;

import io.converge.kernel.NodeIdentity;
import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.model.Durations;
import io.converge.model.PlacementSpec;
import io.converge.placement.Attempt;
import io.converge.placement.Holdings;
import io.converge.placement.LockPlanner;
import io.converge.placement.LockStore;
import io.converge.placement.MonotonicClock;
import io.converge.placement.SemaphoreState;
import io.converge.placement.Step;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Placement across a cluster (SPEC §6.1): {@code singleton} is a Consul lock at {@code <prefix>/locks/services/<name>},
 * {@code replicated} the semaphore recipe under {@code <prefix>/locks/services/<name>/}, {@code every} takes
 * nothing; {@link LockPlanner} decides, {@link LockExecutor} acts. Locks are acquired with this node's session for
 * the Service's lock-delay. Standbys learn that a lock changed from the {@link KvCache} of {@code <prefix>/locks/}
 * (one blocking query) and, for a lock freed by an ended session, ask again when its lock-delay is over. Only what
 * {@link Holdings} holds makes a node active; {@link Fence} drops it when the session cannot be proved valid.
 */
public final class ConsulPlacement implements Placement, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConsulPlacement.class);

    private final LockStore store;
    private final KvCache locks;
    private final SessionPool sessions;
    private final String servicesDir;
    private final NodeIdentity node;
    private final Holdings holdings;
    private final LockPlanner planner;
    private final LockExecutor executor;
    private final Fence fence;
    private final FenceListener listener;
    private final InstantSource wall;
    private final Duration minLockDelay;
    private final Duration fenceAfter;
    private volatile Runnable onLeaderFenced = () -> { };

    /**
     * @param locksDir     {@code <prefix>/locks/}
     * @param fenceAfter   how long a session may go unconfirmed before what it holds is fenced
     * @param minLockDelay the shortest lock-delay this node fences within; a longer one is used for a spec that asks
     *                     for less (only an old, still applied spec can: new documents asking for it are rejected)
     * @param wall         the wall clock, for the acquire times shown to people
     * @param clock        the monotonic clock every deadline is measured with
     */
    public ConsulPlacement(LockStore store, KvCache locks, SessionPool sessions, String locksDir, NodeIdentity node,
                           Duration fenceAfter, Duration minLockDelay, FenceListener listener, InstantSource wall,
                           MonotonicClock clock) {
        this.store = store;
        this.locks = locks;
        this.sessions = sessions;
        this.servicesDir = locksDir + "services/";
        this.node = node;
        this.holdings = new Holdings(clock, fenceAfter);
        this.planner = new LockPlanner(node.name());
        this.executor = new LockExecutor(store, holdings, this::fence);
        this.listener = listener;
        this.wall = wall;
        this.minLockDelay = minLockDelay;
        this.fenceAfter = fenceAfter;
        this.fence = new Fence(store, holdings, fenceAfter, this::fence);
    }

    public void start() {
        fence.start();
    }

    Holdings holdings() {
        return holdings;
    }

    SessionPool sessions() {
        return sessions;
    }

    LockPlanner planner() {
        return planner;
    }

    LockExecutor executor() {
        return executor;
    }

    java.time.Instant wall() {
        return wall.instant();
    }

    void onLeaderFenced(Runnable r) {
        this.onLeaderFenced = r;
    }

    /** The lock key of a resource: {@code <prefix>/locks/services/<name>}. */
    public String lockKey(ResourceKey key) {
        return servicesDir + key.name();
    }

    /** The service a changed key under {@code <prefix>/locks/} belongs to, if any. */
    public Optional<String> serviceOf(String changedKey) {
        if (!changedKey.startsWith(servicesDir)) {
            return Optional.empty();
        }
        String rest = changedKey.substring(servicesDir.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash)).filter(s -> !s.isEmpty());
    }

    /**
     * Notes keys of {@code <prefix>/locks/} that changed (a free one starts its lock-delay clock here) and returns
     * the services they belong to, for the caller to enqueue.
     */
    public Set<String> changed(Set<String> keys) {
        keys.forEach(k -> executor.changed(k, cached(k)));
        return keys.stream().map(this::serviceOf).flatMap(Optional::stream).collect(Collectors.toSet());
    }

    /** The key as the cache of {@code <prefix>/locks/} last saw it. */
    Optional<LockStore.Entry> cached(String key) {
        return locks.get(key).map(ConsulLockStore::entry);
    }

    /** The sessions proved valid within fence-after. */
    Set<String> freshSessions() {
        return holdings.sessions().stream().filter(holdings::fresh).collect(Collectors.toSet());
    }

    @Override
    public Decision decide(ResourceKey key, PlacementSpec spec) {
        boolean every = "every".equals(spec.mode());
        Optional<NodeSession> session = every ? Optional.empty() : Optional.of(sessions.session(lockDelay(spec)));
        Optional<String> sid = session.flatMap(NodeSession::id);
        Duration lockDelay = session.map(NodeSession::lockDelay).orElse(Duration.ZERO);
        boolean admitted = spec.admits(node.name(), node.meta());
        int replicas = spec.replicas() == null ? 1 : spec.replicas();
        String lockKey = lockKey(key);
        Optional<LockStore.Entry> seen = cached(lockKey);
        Step end = executor.run(attempt -> new LockPlanner.Input(key, spec.mode(), admitted, replicas, lockKey, sid,
                lockDelay, heldFor(key), freshSessions(), seen, executor.freeSince(), holdings.now(), wall.instant(),
                attempt), planner::next);
        return decisionOf(end);
    }

    /** The Service's lock-delay, or the shortest this node fences within if it asks for less. */
    private Duration lockDelay(PlacementSpec spec) {
        Duration asked = Durations.parse(spec.lockDelay());
        return asked.compareTo(minLockDelay) < 0 ? minLockDelay : asked;
    }

    private List<Holdings.Held> heldFor(ResourceKey key) {
        return holdings.all().stream().filter(h -> key.equals(h.resource())).toList();
    }

    private static Decision decisionOf(Step end) {
        if (end instanceof Step.Decide d) {
            return d.decision();
        } else if (end instanceof Step.WaitUntil w) {
            return w.decision();
        } else if (end instanceof Step.Take t) {
            return t.decision();
        } else if (end instanceof Step.Drop d) {
            return d.decision();
        }
        throw new IllegalStateException("not a placement decision: " + end);
    }

    @Override
    public boolean holds(ResourceKey key) {
        return holdings.all().stream().anyMatch(h -> key.equals(h.resource()) && holdings.fresh(h.session()));
    }

    @Override
    public boolean confident(ResourceKey key) {
        return holdings.all().stream().anyMatch(h -> key.equals(h.resource())
                && holdings.remaining(h.session()) > fenceAfter.toNanos() / 2);
    }

    @Override
    public void release(ResourceKey key) {
        String lockKey = lockKey(key);
        for (Holdings.Held h : holdings.all()) {
            if (!key.equals(h.resource())) {
                continue;
            }
            if (h.lockKey().equals(lockKey)) {
                Optional<LockStore.Entry> e = store.get(lockKey);
                store.release(lockKey, e.map(LockStore.Entry::value).orElse(""), h.session());
                LOG.infof("services/%s: released %s", key.name(), lockKey);
            } else {
                leave(key, lockKey + "/", h.session());
            }
            holdings.remove(h.lockKey());
        }
        sessions.all().forEach(s -> s.id().ifPresent(sid -> withdraw(lockKey + "/", sid)));
    }

    /** Gives up this node's slot in the semaphore under {@code dir} (check-and-set) and its contender key. */
    private void leave(ResourceKey key, String dir, String sid) {
        for (int attempt = 0; attempt < 10; attempt++) {
            SemaphoreState state = executor.readSemaphore(dir);
            Optional<String> without = state.without(sid);
            if (without.isEmpty()) {
                break;
            }
            if (store.putCas(dir + SemaphoreState.LOCK, without.get(), state.index())) {
                LOG.infof("services/%s: gave up its slot in %s%s", key.name(), dir, SemaphoreState.LOCK);
                break;
            }
        }
        withdraw(dir, sid);
    }

    /** Removes this session's contender key under {@code dir}, if there is one. */
    private void withdraw(String dir, String sid) {
        store.get(dir + sid).ifPresent(e -> {
            store.release(e.key(), e.value(), sid);
            store.deleteCas(e.key(), store.get(e.key()).map(LockStore.Entry::modifyIndex).orElse(e.modifyIndex()));
        });
    }

    @Override
    public void forget(ResourceKey key) {
        release(key);
        String lockKey = lockKey(key);
        store.get(lockKey).filter(e -> !e.held()).ifPresent(e -> store.deleteCas(lockKey, e.modifyIndex()));
        SemaphoreState state = executor.readSemaphore(lockKey + "/");
        if (state.abandoned()) {
            store.deleteCas(lockKey + "/" + SemaphoreState.LOCK, state.index());
        }
    }

    /** Drops everything held with the session and stops those instances. */
    void fence(String session, String reason) {
        Set<Holdings.Held> dropped = holdings.drop(session);
        if (dropped.isEmpty()) {
            return;
        }
        Set<ResourceKey> keys = dropped.stream().map(Holdings.Held::resource).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        LOG.warnf("fencing: %s; giving up %s", reason,
                dropped.stream().map(Holdings.Held::lockKey).sorted().collect(Collectors.joining(", ")));
        if (!keys.isEmpty()) {
            listener.fenced(keys, reason);
        }
        if (dropped.stream().anyMatch(h -> h.resource() == null)) {
            onLeaderFenced.run();
        }
    }

    /** A session ended: whatever it held is fenced at once. */
    public void sessionLost(String sessionId) {
        fence(sessionId, "session " + sessionId + " was invalidated");
    }

    /**
     * True once every lock key the given sessions hold (as the cache of {@code <prefix>/locks/} last saw it) is in
     * this node's holdings, under self-fencing: a converge that took those sessions back over from a stopped one
     * now answers for all they hold. A slot's contender key {@code <lock>/<session>} counts as its {@code .lock}.
     */
    public boolean covers(Set<String> sessionIds) {
        if (!locks.synced()) {
            return false;
        }
        for (var e : locks.under("")) {
            if (e.session() == null || !sessionIds.contains(e.session())) {
                continue;
            }
            String slot = e.key().substring(0, e.key().lastIndexOf('/') + 1) + SemaphoreState.LOCK;
            if (holdings.get(e.key()).or(() -> holdings.get(slot)).filter(h -> holdings.fresh(h.session()))
                    .isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** How long ago every session this node holds anything with was last proved (zero when nothing is held). */
    public Duration provedAgo() {
        long least = holdings.sessions().stream().mapToLong(holdings::remaining).min().orElse(fenceAfter.toNanos());
        return Duration.ofNanos(Math.max(0, fenceAfter.toNanos() - least));
    }

    /** Every lock and slot held now, for graceful shutdown. */
    public Set<ResourceKey> held() {
        return holdings.all().stream().map(Holdings.Held::resource).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        fence.close();
    }
}
