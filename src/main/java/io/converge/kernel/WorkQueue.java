package io.converge.kernel;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A de-duplicating queue of keys with one pass in flight per key and per-key backoff, after client-go's
 * workqueue. A key added while queued is queued once; a key added while in flight is queued again when the
 * pass is {@link #done}. Thread-safe.
 */
final class WorkQueue {

    /** A key handed to a worker, with the time it was first enqueued (for the event-to-reconcile latency). */
    record Item(String key, Instant enqueuedAt) {
    }

    private record Dirty(Instant at, boolean jumpsBackoff) {
    }

    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final InstantSource clock;

    private final Deque<String> ready = new ArrayDeque<>();
    private final Map<String, Instant> queued = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    /** Keys added during their pass: when, and whether that add may jump a backoff set by the pass. */
    private final Map<String, Dirty> dirty = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> waiting = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean shutDown;

    WorkQueue(Backoff backoff, ScheduledExecutorService timer, InstantSource clock) {
        this.backoff = backoff;
        this.timer = timer;
        this.clock = clock;
    }

    /** Queues the key now, even if it is waiting out a backoff. */
    synchronized void add(String key) {
        add(key, true);
    }

    private void add(String key, boolean jumpsBackoff) {
        if (shutDown) {
            return;
        }
        if (inFlight.contains(key)) {
            Dirty previous = dirty.get(key);
            dirty.put(key, new Dirty(previous == null ? clock.instant() : previous.at(),
                    jumpsBackoff || (previous != null && previous.jumpsBackoff())));
            return;
        }
        if (queued.putIfAbsent(key, clock.instant()) == null) {
            ready.addLast(key);
            notifyAll();
        }
    }

    /** Queues the key now, unless it is waiting out a backoff (the scheduled retry will run it then). */
    synchronized void addUnlessBackingOff(String key) {
        if (!failures.containsKey(key) || !waiting.containsKey(key)) {
            add(key, false);
        }
    }

    /**
     * Queues the keys in one step (no key is handed out before all are queued), each as {@link #add} or, when
     * {@code unlessBackingOff}, as {@link #addUnlessBackingOff} would.
     */
    synchronized void addAll(Collection<String> keys, boolean unlessBackingOff) {
        for (String key : keys) {
            if (unlessBackingOff) {
                addUnlessBackingOff(key);
            } else {
                add(key, true);
            }
        }
    }

    /** Queues the key after a delay; an earlier pending delay for the same key is kept. */
    synchronized void addAfter(String key, Duration delay) {
        if (shutDown) {
            return;
        }
        ScheduledFuture<?> pending = waiting.get(key);
        if (pending != null && pending.getDelay(TimeUnit.NANOSECONDS) <= delay.toNanos()) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        waiting.put(key, timer.schedule(() -> fire(key), delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Counts one more failure of the key and queues it after the backoff delay; returns that delay. */
    synchronized Duration addRateLimited(String key) {
        int count = failures.merge(key, 1, Integer::sum);
        Duration delay = backoff.delay(count);
        addAfter(key, delay);
        return delay;
    }

    /** Forgets the key's failures: its next failure starts the backoff afresh. */
    synchronized void forget(String key) {
        failures.remove(key);
    }

    synchronized int failures(String key) {
        return failures.getOrDefault(key, 0);
    }

    private synchronized void fire(String key) {
        waiting.remove(key);
        add(key, true);
    }

    /** Blocks until a key is ready and hands it out; empty once the queue is shut down. */
    synchronized Optional<Item> take() throws InterruptedException {
        while (ready.isEmpty() && !shutDown) {
            wait();
        }
        if (shutDown) {
            return Optional.empty();
        }
        String key = ready.pollFirst();
        Instant at = queued.remove(key);
        inFlight.add(key);
        return Optional.of(new Item(key, at));
    }

    /**
     * Marks the key's pass finished; re-queues it if it was added meanwhile, unless that add must respect the
     * backoff the pass has just set (the scheduled retry runs it then).
     */
    synchronized void done(String key) {
        inFlight.remove(key);
        Dirty d = dirty.remove(key);
        if (d == null || shutDown || (!d.jumpsBackoff() && failures.containsKey(key) && waiting.containsKey(key))) {
            return;
        }
        if (queued.putIfAbsent(key, d.at()) == null) {
            ready.addLast(key);
            notifyAll();
        }
    }

    synchronized int depth() {
        return ready.size();
    }

    /** True when no key is ready and none is in flight (keys waiting out a delay do not count). */
    synchronized boolean idle() {
        return ready.isEmpty() && inFlight.isEmpty();
    }

    synchronized void shutDown() {
        shutDown = true;
        waiting.values().forEach(f -> f.cancel(false));
        waiting.clear();
        notifyAll();
    }
}
