package io.converge.placement;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The port placement acts through: the lock keys of one KV store with sessions (Consul's), read and changed one
 * request at a time. Every method is one request; every one may throw a {@link RuntimeException} when the store
 * does not answer (the caller retries on its next pass).
 */
public interface LockStore {

    /**
     * One key as read.
     *
     * @param modifyIndex the index to check-and-set against
     * @param session     the session holding the key, {@code null} when none does
     */
    record Entry(String key, String value, long modifyIndex, String session) {

        /** True when some session holds the key. */
        public boolean held() {
            return session != null;
        }
    }

    Optional<Entry> get(String key);

    /** Every key under the prefix, recursively. */
    List<Entry> list(String prefix);

    /**
     * Acquires the key for the session, writing the value: true when the session holds it now (also when it held it
     * already), false when another session holds it or the key is in the lock-delay of a session that ended.
     */
    boolean acquire(String key, String value, String session);

    /** Releases the key if the session holds it, writing the value; no lock-delay follows. True when released. */
    boolean release(String key, String value, String session);

    /** Writes only if the key's modify index is still {@code cas} (0: only if it does not exist). */
    boolean putCas(String key, String value, long cas);

    /** Deletes only if the key's modify index is still {@code cas}; true when deleted. */
    boolean deleteCas(String key, long cas);

    void delete(String key);

    /**
     * Asks the store's leader (a consistent read) whether the session still exists.
     *
     * @return true when it does, false when the store says it is gone
     * @throws RuntimeException when no answer came within {@code timeout} or the answer was an error
     */
    boolean sessionValid(String session, Duration timeout);
}
