package io.converge.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What placement relies on from a {@link LockStore}, run against the in-memory fake ({@link FakeLockStoreTest}) and
 * against a real Consul agent ({@code ConsulLockStoreIT}), so that the fake the planner's tests use cannot drift
 * from Consul. Keys live under {@link #prefix()}; sessions have the lock-delay {@link #LOCK_DELAY}.
 */
public abstract class LockStoreContract {
    protected static final Duration LOCK_DELAY = Duration.ofSeconds(2);

    protected abstract LockStore store();

    /** A new session with {@link #LOCK_DELAY}. */
    protected abstract String newSession() throws Exception;

    /** Ends the session as its failing check would (its keys released, under lock-delay). */
    protected abstract void invalidate(String session) throws Exception;

    /** Lets time pass (moves the fake clock, or waits for the real one). */
    protected abstract void pass(Duration d) throws Exception;

    /** A prefix no other test uses. */
    protected abstract String prefix();

    @Test
    void aKeyHeldByOneSessionIsRefusedToAnotherAndAReleaseHandsItOverAtOnce() throws Exception {
        String one = newSession();
        String two = newSession();
        String key = prefix() + "lock";
        assertThat(store().acquire(key, "{\"node\":\"a\"}", one)).isTrue();
        assertThat(store().acquire(key, "{\"node\":\"a\"}", one)).as("again by its holder").isTrue();
        assertThat(store().acquire(key, "{\"node\":\"b\"}", two)).isFalse();
        assertThat(store().get(key)).hasValueSatisfying(e -> {
            assertThat(e.session()).isEqualTo(one);
            assertThat(e.value()).isEqualTo("{\"node\":\"a\"}");
        });
        assertThat(store().release(key, "{\"node\":\"a\"}", two)).as("released by a non-holder").isFalse();
        assertThat(store().release(key, "{\"node\":\"a\"}", one)).isTrue();
        assertThat(store().get(key)).hasValueSatisfying(e -> assertThat(e.held()).isFalse());
        assertThat(store().acquire(key, "{\"node\":\"b\"}", two)).as("no lock-delay after a release").isTrue();
    }

    @Test
    void theKeysOfAnEndedSessionAreFreeButRefusedToEveryoneForItsLockDelay() throws Exception {
        String dead = newSession();
        String other = newSession();
        String key = prefix() + "lock";
        assertThat(store().acquire(key, "{}", dead)).isTrue();
        assertThat(store().sessionValid(dead, Duration.ofSeconds(5))).isTrue();
        invalidate(dead);
        assertThat(store().sessionValid(dead, Duration.ofSeconds(5))).isFalse();
        assertThat(store().get(key)).hasValueSatisfying(e -> assertThat(e.held()).isFalse());
        assertThat(store().acquire(key, "{}", other)).as("within lock-delay").isFalse();
        pass(LOCK_DELAY.plusMillis(300));
        assertThat(store().acquire(key, "{}", other)).as("after lock-delay").isTrue();
    }

    @Test
    void checkAndSetWritesAndDeletesOnlyAtTheIndexRead() throws Exception {
        String key = prefix() + "dir/.lock";
        assertThat(store().putCas(key, "1", 0)).as("create").isTrue();
        assertThat(store().putCas(key, "2", 0)).as("create again").isFalse();
        long index = store().get(key).orElseThrow().modifyIndex();
        assertThat(store().putCas(key, "3", index + 1000)).isFalse();
        assertThat(store().putCas(key, "3", index)).isTrue();
        assertThat(store().deleteCas(key, index)).as("stale index").isFalse();
        assertThat(store().deleteCas(key, store().get(key).orElseThrow().modifyIndex())).isTrue();
        assertThat(store().get(key)).isEmpty();
    }

    @Test
    void aListingHoldsEveryKeyUnderThePrefixWithItsSession() throws Exception {
        String s = newSession();
        assertThat(store().putCas(prefix() + "d/.lock", "{}", 0)).isTrue();
        assertThat(store().acquire(prefix() + "d/" + s, "{}", s)).isTrue();
        assertThat(store().putCas(prefix() + "d/sub/x", "{}", 0)).isTrue();
        List<LockStore.Entry> listed = store().list(prefix() + "d/");
        assertThat(listed).extracting(LockStore.Entry::key).containsExactlyInAnyOrder(prefix() + "d/.lock",
                prefix() + "d/" + s, prefix() + "d/sub/x");
        assertThat(listed).filteredOn(e -> e.key().endsWith(s)).extracting(LockStore.Entry::session)
                .containsExactly(s);
        store().delete(prefix() + "d/sub/x");
        assertThat(store().list(prefix() + "d/")).hasSize(2);
        assertThat(store().list(prefix() + "nothing/")).isEmpty();
    }
}
