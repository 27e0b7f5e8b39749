package io.converge.placement.consul;

import io.converge.kernel.NodeIdentity;
import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.model.Durations;
import io.converge.model.PlacementSpec;
import io.converge.consul.KvClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Placement across a cluster (SPEC §6.1): {@code singleton} is a Consul lock at {@code <prefix>/locks/services/<name>},
 * {@code replicated} the semaphore recipe under {@code <prefix>/locks/services/<name>/} ({@link Semaphore}),
 * {@code every} takes nothing. Locks are acquired with this node's session for the Service's lock-delay. Standbys
 * learn that a lock changed from the {@link KvCache} of {@code <prefix>/locks/} (one blocking query) and, for a
 * lock freed by an ended session, ask again when its lock-delay is over. Only what {@link Holdings} holds makes a
 * node active; {@link Fence} drops it when the session cannot be proved valid.
 */
public final class ConsulPlacement implements Placement, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConsulPlacement.class);

    private final KvClient kv;
    private final KvCache locks;
    private final SessionPool sessions;
    private final String servicesDir;
    private final NodeIdentity node;
    private final Holdings holdings;
    private final Fence fence;
    private final FenceListener listener;
    private final InstantSource clock;
    private final Semaphore semaphore;
    private final Duration minLockDelay;
    private final Duration fenceAfter;
    private volatile Runnable onLeaderFenced = () -> { };
    /** Lock key → System.nanoTime() when this node first found it free but refused (in its lock-delay). */
    private final Map<String, Long> freeSince = new ConcurrentHashMap<>();

    /**
     * @param locksDir   {@code <prefix>/locks/}
     * @param fenceAfter   how long a session may go unconfirmed before what it holds is fenced
     * @param minLockDelay the shortest lock-delay this node fences within; a longer one is used for a spec that asks
     *                     for less (only an old, still applied spec can: new documents asking for it are rejected)
     */
    public ConsulPlacement(io.converge.consul.ConsulConnection consul, KvClient kv, KvCache locks, SessionPool sessions, String locksDir, NodeIdentity node,
                           Duration fenceAfter, Duration minLockDelay, FenceListener listener, InstantSource clock) {
        this.kv = kv;
        this.locks = locks;
        this.sessions = sessions;
        this.servicesDir = locksDir + "services/";
        this.node = node;
        this.holdings = new Holdings(System::nanoTime, fenceAfter);
        this.listener = listener;
        this.clock = clock;
        this.minLockDelay = minLockDelay;
        this.fenceAfter = fenceAfter;
        this.fence = new Fence(consul, holdings, fenceAfter, this::fence);
        this.semaphore = new Semaphore(kv, holdings, node.name(), clock, freeSince);
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
        long now = holdings.now();
        for (String k : keys) {
            Optional<KvClient.Entry> e = locks.get(k);
            if (e.isPresent() && e.get().session() == null) {
                freeSince.putIfAbsent(k, now);
            } else {
                freeSince.remove(k);
            }
        }
        return keys.stream().map(this::serviceOf).flatMap(Optional::stream).collect(Collectors.toSet());
    }

    @Override
    public Decision decide(ResourceKey key, PlacementSpec spec) {
        String lockKey = lockKey(key);
        String mode = spec.mode();
        boolean admitted = spec.admits(node.name(), node.meta());
        Optional<Holdings.Held> other = heldOtherThan(lockKey, key, mode);
        if (other.isPresent()) {
            return new Decision(Role.STANDBY, "placement changed to " + mode + "; giving up "
                    + other.get().lockKey() + " first", List.of(node.name()), Optional.empty(), true);
        }
        if ("every".equals(mode)) {
            return admitted ? new Decision(Role.ACTIVE, "node " + node.name() + " is a candidate (every)")
                    : notCandidate(false);
        }
        Duration lockDelay = Durations.parse(spec.lockDelay());
        NodeSession session = sessions.session(lockDelay.compareTo(minLockDelay) < 0 ? minLockDelay : lockDelay);
        if ("replicated".equals(mode)) {
            int replicas = spec.replicas() == null ? 1 : spec.replicas();
            return admitted ? semaphore.decide(key, lockKey + "/", replicas, session)
                    : notCandidate(holdings.get(lockKey + "/.lock").isPresent());
        }
        return admitted ? decideLock(key, lockKey, session) : notCandidate(holdings.get(lockKey).isPresent());
    }

    /** Something this node holds for the resource under another mode's key. */
    private Optional<Holdings.Held> heldOtherThan(String lockKey, ResourceKey key, String mode) {
        String mine = "singleton".equals(mode) ? lockKey : "replicated".equals(mode) ? lockKey + "/.lock" : null;
        return holdings.all().stream().filter(h -> key.equals(h.resource()) && !h.lockKey().equals(mine)).findFirst();
    }

    private Decision notCandidate(boolean holding) {
        String why = "node " + node.name() + " is not among the candidates";
        return holding ? new Decision(Role.NOT_CANDIDATE, why + "; giving up its lock once its instance is gone",
                List.of(node.name()), Optional.empty(), true) : new Decision(Role.NOT_CANDIDATE, why);
    }

    private Decision decideLock(ResourceKey key, String lockKey, NodeSession session) {
        Optional<String> sid = session.id();
        Optional<Holdings.Held> held = holdings.get(lockKey);
        if (held.isPresent() && !sid.equals(Optional.of(held.get().session()))) {
            fence(held.get().session(), "session " + held.get().session() + " was replaced");
            held = Optional.empty();
        }
        if (held.isPresent()) {
            if (!holdings.fresh(held.get().session())) {
                return standby("holds " + lockKey + " but cannot confirm its session with Consul; fencing",
                        List.of(), Optional.empty());
            }
            return new Decision(Role.ACTIVE, "holds " + lockKey + " since " + held.get().since() + held.get().took(),
                    List.of(node.name()), Optional.empty(), false);
        }
        if (sid.isEmpty()) {
            return standby("waiting for this node's session (lock-delay " + Durations.format(session.lockDelay())
                    + ")", List.of(), Optional.empty());
        }
        Optional<KvClient.Entry> seen = locks.get(lockKey);
        if (seen.isPresent() && seen.get().session() != null && !seen.get().session().equals(sid.get())) {
            String holder = holderNode(seen.get());
            return standby(lockKey + " is held by " + holder, List.of(holder), Optional.empty());
        }
        return acquire(key, lockKey, sid.get(), session.lockDelay(), seen.map(ConsulPlacement::holderNode));
    }

    private Decision acquire(ResourceKey key, String lockKey, String sid, Duration lockDelay,
                             Optional<String> previous) {
        String prev = previous.filter(p -> !p.equals(node.name()) && !p.equals("?"))
                .map(p -> "; previous holder " + p).orElse("");
        if (tryAcquire(lockKey, key, sid, prev)) {
            LOG.infof("services/%s: acquired %s with session %s%s", key.name(), lockKey, sid, prev);
            return new Decision(Role.ACTIVE, "acquired " + lockKey + prev, List.of(node.name()), Optional.empty(),
                    false, true);
        }
        Optional<KvClient.Entry> now = kv.get(lockKey);
        if (now.isPresent() && now.get().session() != null) {
            String holder = holderNode(now.get());
            return standby(lockKey + " is held by " + holder, List.of(holder), Optional.empty());
        }
        Duration wait = untilLockDelayOver(lockKey, lockDelay);
        return standby(lockKey + " is free but in its lock-delay" + previous.map(p -> " (previous holder " + p + ")")
                .orElse("") + "; trying again in " + wait.toMillis() + " ms", List.of(), Optional.of(wait));
    }

    /**
     * Acquires a lock key for this node's session, its value naming node, session and time, and records it held
     * (proved valid as of the send time). False when another session holds it or it is in its lock-delay.
     *
     * @param resource what it places; {@code null} for the leader lock
     */
    boolean tryAcquire(String lockKey, ResourceKey resource, String sid, String took) {
        String since = clock.instant().toString();
        String value = new JsonObject().put("node", node.name()).put("session", sid).put("since", since).encode();
        long sent = holdings.now();
        if (!kv.acquire(lockKey, value, sid)) {
            return false;
        }
        holdings.put(new Holdings.Held(lockKey, resource, sid, since, took), sent);
        freeSince.remove(lockKey);
        return true;
    }

    /** When a lock first seen free now is acquirable: lock-delay after that, and no sooner than 100 ms. */
    Duration untilLockDelayOver(String lockKey, Duration lockDelay) {
        long first = freeSince.computeIfAbsent(lockKey, k -> holdings.now());
        long left = first + lockDelay.toNanos() + Duration.ofMillis(50).toNanos() - holdings.now();
        return left < Duration.ofMillis(100).toNanos() ? Duration.ofMillis(100) : Duration.ofNanos(left);
    }

    static String holderNode(KvClient.Entry e) {
        try {
            return new JsonObject(e.value()).getString("node", "?");
        } catch (RuntimeException notJson) {
            return "?";
        }
    }

    private static Decision standby(String reason, List<String> holders, Optional<Duration> retry) {
        return new Decision(Role.STANDBY, reason, holders, retry, false);
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
                Optional<KvClient.Entry> e = kv.get(lockKey);
                kv.release(lockKey, e.map(KvClient.Entry::value).orElse(""), h.session());
                LOG.infof("services/%s: released %s", key.name(), lockKey);
            } else {
                semaphore.leave(key, lockKey + "/", h.session());
            }
            holdings.remove(h.lockKey());
        }
        sessions.all().forEach(s -> s.id().ifPresent(sid -> semaphore.withdraw(lockKey + "/", sid)));
    }

    @Override
    public void forget(ResourceKey key) {
        release(key);
        String lockKey = lockKey(key);
        kv.get(lockKey).filter(e -> e.session() == null).ifPresent(e -> kv.deleteCas(lockKey, e.modifyIndex()));
        semaphore.removeIfEmpty(lockKey + "/");
    }

    /** Drops everything held with the session and stops those instances. */
    void fence(String session, String reason) {
        Set<Holdings.Held> dropped = holdings.drop(session);
        Set<ResourceKey> keys = dropped.stream().map(Holdings.Held::resource).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        if (dropped.isEmpty()) {
            return;
        }
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

    /** Every lock and slot held now, for graceful shutdown. */
    public Set<ResourceKey> held() {
        return holdings.all().stream().map(Holdings.Held::resource).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        fence.close();
    }
}
