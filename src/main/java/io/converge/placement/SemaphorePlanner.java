package io.converge.placement;

import io.converge.kernel.Placement.Decision;
import io.converge.kernel.Placement.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code replicated} placement with Consul's semaphore recipe, under a directory {@code D}: each contender holds
 * {@code D<session>} (value {@code {"node": ...}}) with its session, and {@code D.lock} holds
 * {@code {"Limit": N, "Holders": [session, ...]}}, changed only with check-and-set. A holder whose contender key
 * is no longer held by its session is dead; its slot is taken only by first claiming (acquiring) that dead
 * contender key, which Consul refuses until the dead session's lock-delay is over, so a slot obeys lock-delay
 * exactly as a lock does (the recipe alone would hand it over at once, before the dead holder could have fenced
 * itself). Pure: the part of {@link LockPlanner} for {@code replicated}.
 */
final class SemaphorePlanner {
    private static final Duration AGAIN_SOON = Duration.ofMillis(100);
    private static final Duration AGAIN_LATER = Duration.ofSeconds(1);

    private final String node;

    SemaphorePlanner(LockPlanner planner) {
        this.node = planner.node();
    }

    /** The {@code .lock} key of the semaphore under a resource's lock key. */
    static String lockOf(String lockKey) {
        return lockKey + "/" + SemaphoreState.LOCK;
    }

    Step next(LockPlanner.Input in) {
        String dir = in.lockKey() + "/";
        String lockKey = lockOf(in.lockKey());
        Optional<Holdings.Held> held = in.heldAt(lockKey);
        if (held.isPresent() && in.replaced(held.get())) {
            return new Step.Forget(lockKey);
        }
        if (held.isPresent() && !in.fresh().contains(held.get().session())) {
            return LockPlanner.standby("holds a slot of " + lockKey + " but cannot confirm its session; fencing",
                    List.of(), Optional.empty());
        }
        if (in.session().isEmpty()) {
            return LockPlanner.standby("waiting for this node's session", List.of(), Optional.empty());
        }
        if (in.attempt().semaphore().isEmpty()) {
            return new Step.ReadSemaphore(dir);
        }
        String sid = in.session().get();
        SemaphoreState state = in.attempt().semaphore().get();
        if (held.isPresent()) {
            return holding(in, lockKey, sid, held.get(), state);
        }
        if (!state.live(sid)) {
            Optional<Boolean> registered = in.attempt().acquired(dir + sid);
            if (registered.isEmpty()) {
                return new Step.Acquire(dir + sid, LockDocs.contender(node), null);
            }
            if (!registered.get()) {
                return LockPlanner.standby("could not register as a contender in " + dir, state.liveNodes(),
                        Optional.of(AGAIN_LATER));
            }
        }
        if (state.holders().contains(sid)) {
            return take(in, lockKey, sid, state, "took back its slot in " + lockKey, "", List.of());
        }
        return contend(in, dir, sid, state);
    }

    /** This node holds a slot: keep it, give it up (replicas lowered), or notice it was taken. */
    private Step holding(LockPlanner.Input in, String lockKey, String sid, Holdings.Held held, SemaphoreState state) {
        int position = state.holders().indexOf(sid);
        if (position < 0) {
            return new Step.Drop(lockKey, "services/" + in.resource().name() + ": its slot in " + lockKey
                    + " is gone (taken from an ended session?)", new Decision(Role.STANDBY, "lost its slot in "
                    + lockKey, state.liveNodes(), Optional.of(AGAIN_SOON), false));
        }
        if (position >= in.replicas()) {
            return LockPlanner.decide(new Decision(Role.STANDBY, "replicas lowered to " + in.replicas()
                    + "; giving up slot " + (position + 1), state.liveNodes(), Optional.empty(), true));
        }
        return LockPlanner.decide(new Decision(Role.ACTIVE, "holds slot " + (position + 1) + " of " + in.replicas()
                + " in " + lockKey + " since " + held.since() + held.took(), state.liveNodes(), Optional.empty(),
                false));
    }

    /**
     * Takes a free slot, or the slot of a dead holder once its contender key is claimed (after its lock-delay: the
     * Service's, as every contender uses), with a check-and-set of {@code .lock}.
     */
    private Step contend(LockPlanner.Input in, String dir, String sid, SemaphoreState state) {
        String lockKey = dir + SemaphoreState.LOCK;
        int replicas = in.replicas();
        List<String> live = state.holders().stream().filter(state::live).toList();
        List<String> dead = state.holders().stream().filter(h -> !state.live(h)).toList();
        if (live.size() >= replicas) {
            return LockPlanner.standby("all " + replicas + " slots of " + lockKey + " are held (" + String.join(", ",
                    state.liveNodes()) + ")", state.liveNodes(), Optional.empty());
        }
        List<String> pruned = new ArrayList<>();
        int room = replicas - state.holders().size();
        Optional<Duration> retry = Optional.empty();
        for (String d : dead) {
            if (room > 0) {
                break;
            }
            Attempt.Claimed claimed = in.attempt().claims().get(dir + d);
            if (claimed == null) {
                String value = Optional.ofNullable(state.contenders().get(d)).map(LockStore.Entry::value).orElse("{}");
                return new Step.Claim(d, dir + d, value);
            }
            if (claimed.ok()) {
                pruned.add(d);
                room++;
            } else {
                retry = Optional.of(Duration.ofNanos(Math.max(AGAIN_SOON.toNanos(),
                        claimed.freeSince() + in.lockDelay().toNanos() - claimed.at())));
            }
        }
        if (room <= 0) {
            return LockPlanner.standby("no free slot in " + lockKey + ": the slot of " + String.join(", ", dead
                    .stream().map(state::nodeOf).toList()) + " (session ended) is in its lock-delay",
                    state.liveNodes(), retry.or(() -> Optional.of(AGAIN_LATER)));
        }
        List<String> next = new ArrayList<>(state.holders());
        next.removeAll(pruned);
        next.add(sid);
        Optional<Boolean> written = in.attempt().written();
        if (written.isEmpty()) {
            return new Step.Write(lockKey, LockDocs.semaphore(replicas, next), state.index());
        }
        if (!written.get()) {
            return LockPlanner.standby(lockKey + " changed while taking a slot; trying again", state.liveNodes(),
                    Optional.of(AGAIN_SOON));
        }
        String replaced = pruned.isEmpty() ? "" : "; replaced " + String.join(", ", pruned.stream()
                .map(state::nodeOf).toList()) + " (session ended)";
        return take(in, lockKey, sid, state, "took slot " + next.size() + " of " + replicas + " in " + lockKey
                + replaced, replaced, pruned.stream().map(d -> dir + d).toList());
    }

    private Step take(LockPlanner.Input in, String lockKey, String sid, SemaphoreState state, String what,
                      String took, List<String> delete) {
        List<String> nodes = new ArrayList<>(state.liveNodes());
        if (!nodes.contains(node)) {
            nodes.add(node);
        }
        return new Step.Take(new Holdings.Held(lockKey, in.resource(), sid, in.wall().toString(), took), delete,
                "services/" + in.resource().name() + ": " + what, new Decision(Role.ACTIVE, what, nodes,
                Optional.empty(), false, true));
    }
}
