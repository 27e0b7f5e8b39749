package io.converge.placement.consul;

import io.converge.kernel.Placement.Decision;
import io.converge.kernel.Placement.Role;
import io.converge.kernel.ResourceKey;
import io.converge.consul.KvClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code replicated} placement with Consul's semaphore recipe, under a directory {@code D}: each contender holds
 * {@code D<session>} (value {@code {"node": ...}}) with its session, and {@code D.lock} holds
 * {@code {"Limit": N, "Holders": [session, ...]}}, changed only with check-and-set. A holder whose contender key
 * is no longer held by its session is dead; its slot is taken only by first acquiring that dead contender key,
 * which Consul refuses until the dead session's lock-delay is over, so a slot obeys lock-delay exactly as a lock
 * does (the recipe alone would hand it over at once, before the dead holder could have fenced itself).
 */
final class Semaphore {
    private static final Logger LOG = Logger.getLogger(Semaphore.class);
    private static final String LOCK = ".lock";

    private final KvClient kv;
    private final Holdings holdings;
    private final String node;
    private final InstantSource clock;
    private final Map<String, Long> freeSince;

    Semaphore(KvClient kv, Holdings holdings, String node, InstantSource clock, Map<String, Long> freeSince) {
        this.kv = kv;
        this.holdings = holdings;
        this.node = node;
        this.clock = clock;
        this.freeSince = freeSince;
    }

    /** The semaphore as read: limit, holders in order, the contender keys, and the lock key's index for CAS. */
    record State(int limit, List<String> holders, Map<String, KvClient.Entry> contenders, long index) {

        boolean live(String session) {
            KvClient.Entry e = contenders.get(session);
            return e != null && session.equals(e.session());
        }

        String nodeOf(String session) {
            KvClient.Entry e = contenders.get(session);
            return e == null ? "?" : ConsulPlacement.holderNode(e);
        }

        List<String> liveNodes() {
            return holders.stream().filter(this::live).map(this::nodeOf).toList();
        }
    }

    State read(String dir) {
        int limit = 0;
        List<String> holders = new ArrayList<>();
        long index = 0;
        Map<String, KvClient.Entry> contenders = new HashMap<>();
        for (KvClient.Entry e : kv.list(dir)) {
            String name = e.key().substring(dir.length());
            if (name.equals(LOCK)) {
                index = e.modifyIndex();
                try {
                    JsonObject o = new JsonObject(e.value());
                    limit = o.getInteger("Limit", 0);
                    JsonArray h = o.getJsonArray("Holders", new JsonArray());
                    h.forEach(x -> holders.add(String.valueOf(x)));
                } catch (RuntimeException notJson) {
                    LOG.warnf("%s%s is not a semaphore lock document; rewriting it", dir, LOCK);
                }
            } else if (!name.contains("/")) {
                contenders.put(name, e);
            }
        }
        return new State(limit, holders, contenders, index);
    }

    Decision decide(ResourceKey key, String dir, int replicas, NodeSession session) {
        String lockKey = dir + LOCK;
        Optional<String> sid = session.id();
        Optional<Holdings.Held> held = holdings.get(lockKey);
        if (held.isPresent() && !sid.equals(Optional.of(held.get().session()))) {
            holdings.remove(lockKey);
            held = Optional.empty();
        }
        if (held.isPresent() && !holdings.fresh(held.get().session())) {
            return standby("holds a slot of " + lockKey + " but cannot confirm its session; fencing", List.of(),
                    Optional.empty());
        }
        if (sid.isEmpty()) {
            return standby("waiting for this node's session", List.of(), Optional.empty());
        }
        State state = read(dir);
        if (held.isPresent()) {
            int position = state.holders().indexOf(sid.get());
            if (position < 0) {
                holdings.remove(lockKey);
                LOG.warnf("services/%s: its slot in %s is gone (taken from an ended session?)", key.name(), lockKey);
                return standby("lost its slot in " + lockKey, state.liveNodes(), Optional.of(Duration.ofMillis(100)));
            }
            if (position >= replicas) {
                return new Decision(Role.STANDBY, "replicas lowered to " + replicas + "; giving up slot "
                        + (position + 1), state.liveNodes(), Optional.empty(), true);
            }
            return new Decision(Role.ACTIVE, "holds slot " + (position + 1) + " of " + replicas + " in " + lockKey
                    + " since " + held.get().since() + held.get().took(), state.liveNodes(), Optional.empty(), false);
        }
        long sent = holdings.now();
        if (!state.live(sid.get()) && !kv.acquire(dir + sid.get(), new JsonObject().put("node", node).encode(),
                sid.get())) {
            return standby("could not register as a contender in " + dir, state.liveNodes(),
                    Optional.of(Duration.ofSeconds(1)));
        }
        if (state.holders().contains(sid.get())) {
            return take(key, lockKey, sid.get(), sent, state, "took back its slot in " + lockKey, "");
        }
        return contend(key, dir, replicas, sid.get(), sent, state, session.lockDelay());
    }

    /** Takes a free slot, or the slot of a dead holder once its lock-delay (the Service's, as all contenders use) is over. */
    private Decision contend(ResourceKey key, String dir, int replicas, String sid, long sent, State state,
                             Duration lockDelay) {
        String lockKey = dir + LOCK;
        List<String> live = state.holders().stream().filter(state::live).toList();
        List<String> dead = state.holders().stream().filter(h -> !state.live(h)).toList();
        if (live.size() >= replicas) {
            return standby("all " + replicas + " slots of " + lockKey + " are held (" + String.join(", ",
                    state.liveNodes()) + ")", state.liveNodes(), Optional.empty());
        }
        List<String> pruned = new ArrayList<>();
        int room = replicas - state.holders().size();
        Optional<Duration> retry = Optional.empty();
        for (String d : dead) {
            if (room > 0) {
                break;
            }
            String deadKey = dir + d;
            String value = Optional.ofNullable(state.contenders().get(d)).map(KvClient.Entry::value).orElse("{}");
            if (kv.acquire(deadKey, value, sid)) {
                pruned.add(d);
                freeSince.remove(deadKey);
                room++;
            } else {
                long first = freeSince.computeIfAbsent(deadKey, k -> holdings.now());
                retry = Optional.of(Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(),
                        first + lockDelay.toNanos() - holdings.now())));
            }
        }
        if (room <= 0) {
            return standby("no free slot in " + lockKey + ": the slot of " + String.join(", ", dead.stream()
                    .map(state::nodeOf).toList()) + " (session ended) is in its lock-delay", state.liveNodes(),
                    retry.or(() -> Optional.of(Duration.ofSeconds(1))));
        }
        List<String> next = new ArrayList<>(state.holders());
        next.removeAll(pruned);
        next.add(sid);
        JsonObject doc = new JsonObject().put("Limit", replicas).put("Holders", new JsonArray(new ArrayList<>(next)));
        if (!kv.putCas(lockKey, doc.encode(), state.index())) {
            return standby(lockKey + " changed while taking a slot; trying again", state.liveNodes(),
                    Optional.of(Duration.ofMillis(100)));
        }
        for (String d : pruned) {
            kv.delete(dir + d);
        }
        String replaced = pruned.isEmpty() ? "" : "; replaced " + String.join(", ", pruned.stream()
                .map(state::nodeOf).toList()) + " (session ended)";
        return take(key, lockKey, sid, sent, state, "took slot " + next.size() + " of " + replicas + " in " + lockKey
                + replaced, replaced);
    }

    private Decision take(ResourceKey key, String lockKey, String sid, long sent, State state, String what,
                          String took) {
        String since = clock.instant().toString();
        holdings.put(new Holdings.Held(lockKey, key, sid, since, took), sent);
        LOG.infof("services/%s: %s", key.name(), what);
        List<String> nodes = new ArrayList<>(state.liveNodes());
        if (!nodes.contains(node)) {
            nodes.add(node);
        }
        return new Decision(Role.ACTIVE, what, nodes, Optional.empty(), false, true);
    }

    /** Gives up this node's slot (CAS) and its contender key. */
    void leave(ResourceKey key, String dir, String sid) {
        String lockKey = dir + LOCK;
        for (int attempt = 0; attempt < 10; attempt++) {
            State state = read(dir);
            if (!state.holders().contains(sid)) {
                break;
            }
            List<String> next = new ArrayList<>(state.holders());
            next.remove(sid);
            JsonObject doc = new JsonObject().put("Limit", state.limit()).put("Holders", new JsonArray(
                    new ArrayList<>(next)));
            if (kv.putCas(lockKey, doc.encode(), state.index())) {
                LOG.infof("services/%s: gave up its slot in %s", key.name(), lockKey);
                break;
            }
        }
        withdraw(dir, sid);
    }

    /** Removes this session's contender key, if there is one. */
    void withdraw(String dir, String sid) {
        kv.get(dir + sid).ifPresent(e -> {
            kv.release(e.key(), e.value(), sid);
            kv.deleteCas(e.key(), kv.get(e.key()).map(KvClient.Entry::modifyIndex).orElse(e.modifyIndex()));
        });
    }

    /** Deletes the semaphore's lock key when no holder is left. */
    void removeIfEmpty(String dir) {
        State state = read(dir);
        if (state.index() > 0 && state.holders().stream().noneMatch(state::live)) {
            kv.deleteCas(dir + LOCK, state.index());
        }
    }

    private static Decision standby(String reason, List<String> holders, Optional<Duration> retry) {
        return new Decision(Role.STANDBY, reason, holders, retry, false);
    }
}
