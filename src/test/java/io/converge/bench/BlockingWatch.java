package io.converge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A Consul blocking query kept open back to back on one agent; each answer whose digest differs from the last is
 * recorded with the wall clock ({@link Bench#wallNanos}) when it arrived.
 *
 * @param <D> the digest of an answer (status and body → what matters of it)
 */
final class BlockingWatch<D> implements AutoCloseable {
    /** One change: when it was seen and its digest. */
    record Change<D>(long atNanos, D digest) {
    }

    private final BenchConsul consul;
    private final String path;
    private final BiFunction<Integer, String, D> digest;
    private final List<Change<D>> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private boolean answered;

    BlockingWatch(BenchConsul consul, String path, BiFunction<Integer, String, D> digest) {
        this.consul = consul;
        this.path = path;
        this.digest = digest;
        this.thread = new Thread(this::loop, "watch " + path);
        this.thread.setDaemon(true);
    }

    /** Starts the watch and waits (up to 10 s) for its first answer: from then on a query is always open. */
    BlockingWatch<D> start() throws InterruptedException {
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        synchronized (this) {
            while (!answered && System.nanoTime() < deadline) {
                wait(100);
            }
            if (!answered) {
                throw new Bench.Failed("no answer from Consul to " + path + " within 10 s");
            }
        }
        return this;
    }

    private void loop() {
        long index = 0;
        Object last = new Object();
        String sep = path.contains("?") ? "&" : "?";
        while (!stopped) {
            BenchConsul.Answer a;
            try {
                a = consul.send("GET", path + sep + "index=" + index + "&wait=30s", null, Duration.ofSeconds(40));
            } catch (RuntimeException e) {
                pause();
                continue;
            }
            long now = Bench.wallNanos();
            index = a.index() >= index && a.index() > 0 ? a.index() : 0;
            D d = digest.apply(a.status(), a.body());
            synchronized (this) {
                if (!Objects.equals(d, last)) {
                    changes.add(new Change<>(now, d));
                    last = d;
                }
                answered = true;
                notifyAll();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    /** The first change at or after {@code afterNanos} whose digest matches, waiting up to the timeout. */
    synchronized Optional<Change<D>> await(Predicate<D> condition, long afterNanos, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Change<D> c : changes) {
                if (c.atNanos() >= afterNanos && condition.test(c.digest())) {
                    return Optional.of(c);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The digest of the latest answer. */
    synchronized D current() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).digest();
    }

    synchronized List<Change<D>> last(int n) {
        return List.copyOf(changes.subList(Math.max(0, changes.size() - n), changes.size()));
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
