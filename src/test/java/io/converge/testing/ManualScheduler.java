package io.converge.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} driven by a {@link TestClock}: delayed tasks run only when the test calls
 * {@link #advance}, on the test's thread. Supports one-shot {@code schedule(Runnable, ...)} only.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final TestClock clock;
    private final List<Task> tasks = new ArrayList<>();

    public ManualScheduler(TestClock clock) {
        this.clock = clock;
    }

    /** Moves the clock and runs every task that has come due, earliest first. */
    public void advance(Duration by) {
        clock.advance(by);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(clock.instant()))
                        .min(Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
                next.done = true;
            }
            next.command.run();
        }
    }

    /** The delays of the tasks still pending, from now, shortest first. */
    public synchronized List<Duration> pendingDelays() {
        return tasks.stream().map(t -> Duration.between(clock.instant(), t.due)).sorted().toList();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, clock.instant().plusNanos(unit.toNanos(delay)));
        tasks.add(task);
        return task;
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final Instant due;
        volatile boolean done;
        volatile boolean cancelled;

        Task(Runnable command, Instant due) {
            this.command = command;
            this.due = due;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                tasks.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
