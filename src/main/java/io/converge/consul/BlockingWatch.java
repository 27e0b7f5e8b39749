package io.converge.consul;

import io.converge.kernel.Backoff;
import java.time.Duration;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One Consul blocking query, repeated forever on its own thread: each answer whose index moved is handed to the
 * consumer. Survives agent restarts and leader changes: a failed query is retried with backoff (250 ms doubling
 * to 30 s) from index 0, so the first answer after recovery carries the whole current state.
 */
public final class BlockingWatch<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BlockingWatch.class);
    private static final Duration QUICK = Duration.ofSeconds(1);
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    /**
     * How often an answer whose index went back below the last one seen is asked again before it is believed. A
     * restarted Consul server answers from its last snapshot until it has applied its log again: an older state,
     * often with none of the keys, which would read as every spec deleted.
     */
    static final int BEHIND_RETRIES = 20;
    static final Duration BEHIND_PAUSE = Duration.ofMillis(500);

    /** One query: the value at or after {@code index}, and its new index. */
    public interface Query<T> {
        Answer<T> fetch(long index, Duration wait) throws Exception;
    }

    public record Answer<T>(T value, long index) {
    }

    private final String name;
    private final Query<T> query;
    private final Consumer<T> onChange;
    private final Duration wait;
    private final BlockingIndex index = new BlockingIndex();
    private volatile boolean closed;
    private volatile boolean healthy;
    private Thread thread;

    public BlockingWatch(String name, Query<T> query, Consumer<T> onChange, Duration wait) {
        this.name = name;
        this.query = query;
        this.onChange = onChange;
        this.wait = wait;
    }

    public synchronized void start() {
        thread = new Thread(this::loop, "watch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True while the last query succeeded. */
    public boolean healthy() {
        return healthy;
    }

    private void loop() {
        int failures = 0;
        long lastSeen = 0;
        int behind = 0;
        while (!closed) {
            try {
                long asked = index.current();
                long started = System.nanoTime();
                Answer<T> answer = query.fetch(asked, wait);
                if (answer.index() < lastSeen && behind < BEHIND_RETRIES) {
                    behind++;
                    LOG.debugf("watch %s: index %d is behind %d (a server still applying its log); asking again",
                            name, answer.index(), lastSeen);
                    index.reset();
                    sleep(BEHIND_PAUSE);
                    continue;
                }
                if (behind > 0 && answer.index() < lastSeen) {
                    LOG.warnf("watch %s: index %d stayed behind %d; taking it (the cluster's state was reset)", name,
                            answer.index(), lastSeen);
                }
                behind = 0;
                lastSeen = answer.index();
                boolean moved = index.advance(answer.index());
                if (moved || failures > 0) {
                    onChange.accept(answer.value());
                }
                if (!moved && asked > 0 && System.nanoTime() - started < QUICK.toNanos()) {
                    // an answer that neither blocked nor moved the index would make a busy loop: pause
                    LOG.debugf("watch %s: index %d did not block; pausing", name, asked);
                    sleep(QUICK);
                }
                if (failures > 0) {
                    LOG.infof("watch %s: resumed after %d failed attempts", name, failures);
                }
                failures = 0;
                healthy = true;
            } catch (Exception e) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                healthy = false;
                failures++;
                index.reset();
                Duration delay = RETRY.delay(failures);
                if (failures == 1) {
                    LOG.warnf("watch %s: %s; retrying with backoff", name, e.getMessage());
                } else {
                    LOG.debugf("watch %s: attempt %d failed: %s; next in %s", name, failures, e.getMessage(), delay);
                }
                sleep(delay);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
