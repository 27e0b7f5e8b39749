package io.converge.placement;

import io.converge.kernel.ResourceKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node holds (lock keys and semaphore slots, by the session that acquired them) and when Consul last
 * proved each of those sessions valid, on the local monotonic clock. Only an entry here makes a node active; the
 * fence drops entries. Thread-safe.
 */
public final class Holdings {

    /**
     * One held key.
     *
     * @param resource the resource it places ({@code null} for the leader lock)
     * @param since    when it was acquired (wall clock, ISO-8601, as shown in logs and status)
     * @param took     how it was acquired, for status ("previous holder c-node-1"); may be empty
     */
    public record Held(String lockKey, ResourceKey resource, String session, String since, String took) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Session id → the monotonic time at which a request that proved it valid was sent. */
    private final Map<String, Long> confirmed = new ConcurrentHashMap<>();
    private final MonotonicClock clock;
    private final Duration fenceAfter;

    public Holdings(MonotonicClock clock, Duration fenceAfter) {
        this.clock = clock;
        this.fenceAfter = fenceAfter;
    }

    /** The monotonic clock's reading now. */
    public long now() {
        return clock.nanos();
    }

    /** Records a key acquired by a request sent at {@code sentNanos}, which proves its session valid then. */
    public synchronized void put(Held h, long sentNanos) {
        held.put(h.lockKey(), h);
        confirm(h.session(), sentNanos);
        notifyAll();
    }

    public Optional<Held> get(String lockKey) {
        return Optional.ofNullable(held.get(lockKey));
    }

    public synchronized Optional<Held> remove(String lockKey) {
        return Optional.ofNullable(held.remove(lockKey));
    }

    /** Records that a request sent at {@code sentNanos} found the session valid. */
    public void confirm(String session, long sentNanos) {
        confirmed.merge(session, sentNanos, Math::max);
    }

    /** True when the session was proved valid less than fence-after ago. */
    public boolean fresh(String session) {
        Long at = confirmed.get(session);
        return at != null && now() - at < fenceAfter.toNanos();
    }

    /** Nanoseconds until the session must be fenced (negative: overdue). */
    public long remaining(String session) {
        Long at = confirmed.get(session);
        return at == null ? -1 : at + fenceAfter.toNanos() - now();
    }

    public synchronized Set<String> sessions() {
        Set<String> out = new HashSet<>();
        held.values().forEach(h -> out.add(h.session()));
        return out;
    }

    /** Removes and returns everything held with the session. */
    public synchronized Set<Held> drop(String session) {
        Set<Held> out = new HashSet<>();
        held.values().removeIf(h -> {
            if (h.session().equals(session)) {
                out.add(h);
                return true;
            }
            return false;
        });
        confirmed.remove(session);
        return out;
    }

    public synchronized Set<Held> all() {
        return new HashSet<>(held.values());
    }

    /** Waits until something is held or the time passes. */
    public synchronized void awaitAny(long millis) throws InterruptedException {
        if (held.isEmpty()) {
            wait(millis);
        }
    }
}
