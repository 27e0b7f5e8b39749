package io.converge.placement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * An in-memory {@link LockStore} with Consul's lock rules, for tests of what acts through the port: a key held by
 * one session is refused to the others; when a session is invalidated its keys are released and refused to every
 * session for its lock-delay (measured on the test's clock); a release has no lock-delay. Counts requests.
 */
public final class FakeLockStore implements LockStore {
    private final LongSupplier nanos;
    private final Map<String, Entry> keys = new TreeMap<>();
    private final Map<String, Long> delayedUntil = new HashMap<>();
    private final Map<String, Duration> sessions = new HashMap<>();
    private final Set<String> ended = new HashSet<>();
    private long index = 1;
    private Runnable onRequest = () -> { };

    /** Runs on every request, before it is answered (say, to move the clock: a slow answer). */
    public synchronized void onRequest(Runnable r) {
        onRequest = r;
    }

    public FakeLockStore(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A session exists from now, with its lock-delay. */
    public synchronized void session(String id, Duration lockDelay) {
        sessions.put(id, lockDelay);
    }

    /** Consul invalidates the session: its keys are released and stay unacquirable for its lock-delay. */
    public synchronized void invalidate(String id) {
        Duration delay = sessions.remove(id);
        ended.add(id);
        for (Entry e : List.copyOf(keys.values())) {
            if (id.equals(e.session())) {
                keys.put(e.key(), new Entry(e.key(), e.value(), index++, null));
                delayedUntil.put(e.key(), nanos.getAsLong() + delay.toNanos());
            }
        }
    }

    @Override
    public synchronized Optional<Entry> get(String key) {
        onRequest.run();
        return Optional.ofNullable(keys.get(key));
    }

    @Override
    public synchronized List<Entry> list(String prefix) {
        onRequest.run();
        return new ArrayList<>(keys.values().stream().filter(e -> e.key().startsWith(prefix)).toList());
    }

    @Override
    public synchronized boolean acquire(String key, String value, String session) {
        onRequest.run();
        if (!sessions.containsKey(session)) {
            throw new IllegalStateException("invalid session " + session);
        }
        Entry e = keys.get(key);
        if (e != null && e.session() != null && !e.session().equals(session)) {
            return false;
        }
        if (e == null || e.session() == null) {
            Long until = delayedUntil.get(key);
            if (until != null && nanos.getAsLong() < until) {
                return false;
            }
        }
        keys.put(key, new Entry(key, value, index++, session));
        return true;
    }

    @Override
    public synchronized boolean release(String key, String value, String session) {
        onRequest.run();
        Entry e = keys.get(key);
        if (e == null || !session.equals(e.session())) {
            return false;
        }
        keys.put(key, new Entry(key, value, index++, null));
        return true;
    }

    @Override
    public synchronized boolean putCas(String key, String value, long cas) {
        onRequest.run();
        Entry e = keys.get(key);
        if (cas == 0 ? e != null : e == null || e.modifyIndex() != cas) {
            return false;
        }
        keys.put(key, new Entry(key, value, index++, e == null ? null : e.session()));
        return true;
    }

    @Override
    public synchronized boolean deleteCas(String key, long cas) {
        onRequest.run();
        Entry e = keys.get(key);
        if (e == null || e.modifyIndex() != cas) {
            return false;
        }
        keys.remove(key);
        return true;
    }

    @Override
    public synchronized void delete(String key) {
        onRequest.run();
        keys.remove(key);
    }

    @Override
    public synchronized boolean sessionValid(String session, Duration timeout) {
        onRequest.run();
        return sessions.containsKey(session);
    }

    public synchronized Optional<Entry> peek(String key) {
        return Optional.ofNullable(keys.get(key));
    }
}
