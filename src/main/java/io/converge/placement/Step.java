package io.converge.placement;

import io.converge.kernel.Placement.Decision;
import java.util.List;

/**
 * What {@link LockPlanner} asks for next. The first five are actions: the executor performs one, records its
 * outcome in the {@link Attempt} and asks the planner again. The rest end a decision: the executor applies them
 * (no request to the store, except deleting what {@link Take} replaced) and returns their decision.
 */
public sealed interface Step {

    /** Fence everything held with the session (stop its instances at once), then plan again. */
    record Fence(String session, String reason) implements Step {
    }

    /** Forget a held key without fencing (a slot held with a session since replaced), then plan again. */
    record Forget(String lockKey) implements Step {
    }

    /** Read the semaphore under {@code dir} from the store ({@link Attempt#semaphore}), then plan again. */
    record ReadSemaphore(String dir) implements Step {
    }

    /**
     * Acquire the key with this node's session, writing the value ({@link Attempt#acquired}), then plan again.
     *
     * @param since for a lock key: the acquire time written in its value, and recorded as held since then
     */
    record Acquire(String key, String value, String since) implements Step {
    }

    /**
     * Acquire a dead holder's contender key, so as to take its slot ({@link Attempt#claims}), then plan again. A
     * refusal means the key is in the dead session's lock-delay; the executor notes when it first found it so
     * (the planner's {@code freeSince}) and records that time with the outcome.
     */
    record Claim(String session, String key, String value) implements Step {
    }

    /** Re-read a key from the store after a refused acquire ({@link Attempt#reread}), then plan again. */
    record Read(String key) implements Step {
    }

    /** Write the value if the key's modify index is still {@code cas} ({@link Attempt#written}), then plan again. */
    record Write(String key, String value, long cas) implements Step {
    }

    /** Ends the decision with nothing to change. */
    record Decide(Decision decision) implements Step {
    }

    /**
     * Ends the decision waiting for a lock-delay: a key free but unacquirable is to be asked for again at
     * {@code until} (monotonic nanoseconds); the executor notes {@code freeSince} for the key if it had not yet.
     */
    record WaitUntil(String key, long freeSince, long until, Decision decision) implements Step {
    }

    /**
     * Ends the decision holding what was acquired: the executor deletes {@code delete} (contender keys of the
     * dead holders replaced), then records {@code held} as proved at the attempt's send time, and logs {@code log}
     * (when not empty).
     */
    record Take(Holdings.Held held, List<String> delete, String log, Decision decision) implements Step {
    }

    /** Ends the decision after forgetting a held key that is held no longer, with a warning for the log. */
    record Drop(String lockKey, String warning, Decision decision) implements Step {
    }

    /** The leader lock: tell whether this node leads now (the state may have changed). */
    record Announce() implements Step {
    }

    /** The leader lock: nothing to do until the lock key or a session changes. */
    record Idle() implements Step {
    }
}
