package io.converge.placement.consul;

import io.converge.placement.Attempt;
import io.converge.placement.Holdings;
import io.converge.placement.LockPlanner;
import io.converge.placement.LockStore;
import io.converge.placement.SemaphoreState;
import io.converge.placement.Step;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The thin half of placement: performs the {@link LockPlanner}'s steps through the {@link LockStore}, one request
 * per step, records each outcome and asks the planner again, until a step ends the decision; then applies that
 * one to {@link Holdings}. Also keeps when each lock key was first seen free (for the planner's lock-delay waits).
 */
final class LockExecutor {
    private static final Logger LOG = Logger.getLogger(LockExecutor.class);
    /** More steps than any decision takes (a semaphore with many dead holders takes one per holder). */
    private static final int MAX_STEPS = 256;

    private final LockStore store;
    private final Holdings holdings;
    private final BiConsumer<String, String> fence;
    /** Lock key → monotonic time when this node first found it free (cache or refusal), until it is held again. */
    private final Map<String, Long> freeSince = new ConcurrentHashMap<>();

    /** @param fence fences a session (its instances stopped), with the reason */
    LockExecutor(LockStore store, Holdings holdings, BiConsumer<String, String> fence) {
        this.store = store;
        this.holdings = holdings;
        this.fence = fence;
    }

    /** A snapshot of the first-seen-free times, for the planner's input. */
    Map<String, Long> freeSince() {
        return Map.copyOf(freeSince);
    }

    /** The cache saw a key change: a free key starts its lock-delay clock now (if not yet), a held or gone one stops it. */
    void changed(String key, Optional<LockStore.Entry> seen) {
        if (seen.isPresent() && !seen.get().held()) {
            freeSince.putIfAbsent(key, holdings.now());
        } else {
            freeSince.remove(key);
        }
    }

    /**
     * Plans and performs steps until one ends the decision, and returns that one, applied.
     *
     * @param observe the planner's input for the outcomes so far (read again before every step)
     * @param plan    the planner
     */
    Step run(Function<Attempt, LockPlanner.Input> observe, Function<LockPlanner.Input, Step> plan) {
        Attempt attempt = Attempt.NONE;
        for (int i = 0; i < MAX_STEPS; i++) {
            LockPlanner.Input in = observe.apply(attempt);
            Step step = plan.apply(in);
            if (step instanceof Step.Fence f) {
                fence.accept(f.session(), f.reason());
            } else if (step instanceof Step.Forget f) {
                holdings.remove(f.lockKey());
            } else if (step instanceof Step.ReadSemaphore r) {
                attempt = attempt.withSemaphore(readSemaphore(r.dir())).withSent(holdings.now());
            } else if (step instanceof Step.Acquire a) {
                attempt = attempt.withSent(holdings.now());
                boolean ok = store.acquire(a.key(), a.value(), in.session().orElseThrow());
                if (ok) {
                    freeSince.remove(a.key());
                }
                attempt = attempt.withAcquired(a.key(), ok, a.since());
            } else if (step instanceof Step.Claim c) {
                attempt = attempt.withClaim(c.key(), claim(c, in.session().orElseThrow()));
            } else if (step instanceof Step.Read r) {
                attempt = attempt.withRead(r.key(), store.get(r.key()));
            } else if (step instanceof Step.Write w) {
                attempt = attempt.withWritten(store.putCas(w.key(), w.value(), w.cas()));
            } else {
                apply(step, attempt);
                return step;
            }
        }
        throw new IllegalStateException("placement took more than " + MAX_STEPS + " steps without a decision");
    }

    /** Acquires a dead holder's contender key; a refusal (its lock-delay) starts that key's clock if not yet. */
    private Attempt.Claimed claim(Step.Claim c, String session) {
        boolean ok = store.acquire(c.key(), c.value(), session);
        long at = holdings.now();
        if (ok) {
            freeSince.remove(c.key());
            return new Attempt.Claimed(true, at, at);
        }
        return new Attempt.Claimed(false, at, freeSince.computeIfAbsent(c.key(), k -> at));
    }

    private void apply(Step step, Attempt attempt) {
        if (step instanceof Step.Take t) {
            t.delete().forEach(store::delete);
            holdings.put(t.held(), attempt.sent().orElseThrow());
            if (!t.log().isEmpty()) {
                LOG.info(t.log());
            }
        } else if (step instanceof Step.WaitUntil w) {
            freeSince.putIfAbsent(w.key(), w.freeSince());
        } else if (step instanceof Step.Drop d) {
            holdings.remove(d.lockKey());
            LOG.warn(d.warning());
        }
    }

    /** The semaphore under {@code dir} as the store has it now. */
    SemaphoreState readSemaphore(String dir) {
        SemaphoreState state = SemaphoreState.of(dir, store.list(dir));
        if (state.malformed()) {
            LOG.warnf("%s%s is not a semaphore lock document; rewriting it", dir, SemaphoreState.LOCK);
        }
        return state;
    }
}
