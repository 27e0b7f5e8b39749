package io.converge.placement.consul;

import io.converge.kernel.ResourceKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What this node holds (lock keys and semaphore slots, by the session that acquired them) and when Consul last
 * proved each of those sessions valid. Only an entry here makes a node active; the fence drops entries.
 */
final class Holdings {

    /**
     * One held key.
     *
     * @param resource the resource it places ({@code null} for the leader lock)
     * @param since    when it was acquired (wall clock, ISO-8601, as shown in logs and status)
     * @param took     how it was acquired, for status ("previous holder c-node-1"); may be empty
     */
    record Held(String lockKey, ResourceKey resource, String session, String since, String took) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Session id → System.nanoTime() at which a request that proved it valid was sent. */
    private final Map<String, Long> confirmed = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final Duration fenceAfter;

    Holdings(LongSupplier nanos, Duration fenceAfter) {
        this.nanos = nanos;
        this.fenceAfter = fenceAfter;
    }

    long now() {
        return nanos.getAsLong();
    }

    synchronized void put(Held h, long sentNanos) {
        held.put(h.lockKey(), h);
        confirm(h.session(), sentNanos);
        notifyAll();
    }

    Optional<Held> get(String lockKey) {
        return Optional.ofNullable(held.get(lockKey));
    }

    synchronized Optional<Held> remove(String lockKey) {
        return Optional.ofNullable(held.remove(lockKey));
    }

    /** Records that a request sent at {@code sentNanos} found the session valid. */
    void confirm(String session, long sentNanos) {
        confirmed.merge(session, sentNanos, Math::max);
    }

    /** True when the session was proved valid less than fence-after ago. */
    boolean fresh(String session) {
        Long at = confirmed.get(session);
        return at != null && now() - at < fenceAfter.toNanos();
    }

    /** Nanoseconds until the session must be fenced (negative: overdue). */
    long remaining(String session) {
        Long at = confirmed.get(session);
        return at == null ? -1 : at + fenceAfter.toNanos() - now();
    }

    synchronized Set<String> sessions() {
        Set<String> out = new HashSet<>();
        held.values().forEach(h -> out.add(h.session()));
        return out;
    }

    /** Removes and returns everything held with the session. */
    synchronized Set<Held> drop(String session) {
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

    synchronized Set<Held> all() {
        return new HashSet<>(held.values());
    }

    /** Waits until something is held or the time passes. */
    synchronized void awaitAny(long millis) throws InterruptedException {
        if (held.isEmpty()) {
            wait(millis);
        }
    }
}
