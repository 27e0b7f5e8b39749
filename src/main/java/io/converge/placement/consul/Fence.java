package io.converge.placement.consul;

import io.converge.placement.Holdings;
import io.converge.placement.LockStore;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Self-fencing. While this node holds anything, every {@code fence-after / 4} it asks Consul, with a consistent read
 * answered by the Raft leader, whether each session it holds with is still valid. A session found gone, or not
 * proved valid for {@code fence-after} (the agent frozen, the network cut, no leader), is fenced at once: what it
 * held is dropped and the listener stops the instances. No request is made while nothing is held.
 *
 * <p>Why this is in time: a read sent at {@code t} that finds the session valid proves Consul had not invalidated it
 * at {@code t}, so no other node can acquire its locks before {@code t + lock-delay}. This node kills its instances
 * by {@code t + fence-after + kill time}, and configuration requires {@code fence-after + fence-kill-budget <=
 * lock-delay}.
 */
final class Fence implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Fence.class);
    private static final Duration RETRY = Duration.ofMillis(250);

    private final LockStore store;
    private final Holdings holdings;
    private final Duration interval;
    private final Duration fenceAfter;
    private final BiConsumer<String, String> fence;
    private volatile boolean closed;
    private Thread thread;

    /** @param fence called with a session id and the reason when what it held must be given up */
    Fence(LockStore store, Holdings holdings, Duration fenceAfter, BiConsumer<String, String> fence) {
        this.store = store;
        this.holdings = holdings;
        this.fenceAfter = fenceAfter;
        this.interval = fenceAfter.dividedBy(4).compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50)
                : fenceAfter.dividedBy(4);
        this.fence = fence;
    }

    synchronized void start() {
        thread = new Thread(this::loop, "fence");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                holdings.awaitAny(interval.toMillis());
                long tick = holdings.now();
                boolean allConfirmed = true;
                for (String session : holdings.sessions()) {
                    allConfirmed &= probe(session);
                    fenceOverdue();
                }
                fenceOverdue();
                // after a failed probe (say, during a Raft election) ask again sooner, to confirm as soon as possible
                sleepUntilNextTick(tick, allConfirmed ? interval : RETRY.compareTo(interval) < 0 ? RETRY : interval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("fence: %s", e.getMessage());
            }
        }
    }

    /** Sleeps until the next probe, waking early to fence a session whose deadline falls before it. */
    private void sleepUntilNextTick(long tick, Duration period) throws InterruptedException {
        long next = tick + period.toNanos();
        while (!closed) {
            fenceOverdue(); // drops the overdue sessions: every remaining deadline below is in the future
            long until = next - holdings.now();
            if (until <= 0) {
                return;
            }
            for (String s : holdings.sessions()) {
                until = Math.min(until, holdings.remaining(s));
            }
            Thread.sleep(Math.max(0, until) / 1_000_000 + 1);
        }
    }

    /** True when Consul confirmed the session. */
    private boolean probe(String session) {
        long sent = holdings.now();
        long left = Math.max(holdings.remaining(session), Duration.ofMillis(50).toNanos());
        Duration timeout = Duration.ofNanos(Math.min(interval.toNanos(), left));
        try {
            if (!store.sessionValid(session, timeout)) {
                fence.accept(session, "Consul says session " + session + " is gone");
                return false;
            }
            holdings.confirm(session, sent);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("fence: session %s not confirmed: %s", session, e.getMessage());
            return false;
        }
    }

    private void fenceOverdue() {
        for (String session : holdings.sessions()) {
            long overdue = -holdings.remaining(session);
            if (overdue >= 0) {
                fence.accept(session, "could not confirm session " + session + " with Consul for "
                        + fenceAfter.toMillis() + " ms (fence-after)");
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
