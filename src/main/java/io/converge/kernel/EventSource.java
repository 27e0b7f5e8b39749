package io.converge.kernel;

/**
 * Something that watches part of the world and turns what it sees into keys for the work queues: the spec watch,
 * Docker's event stream, the lock cache, the cluster catalog view. Readiness is "every source healthy".
 */
public interface EventSource extends AutoCloseable {

    /** A short name for logs and readiness, e.g. {@code specs}, {@code docker-events}, {@code catalog}. */
    String name();

    /** Starts watching in the background. Never blocks for long and never throws: a failure shows in {@link #healthy}. */
    void start();

    /** True once the first complete listing has been loaded (a source with nothing to load is synced at start). */
    boolean synced();

    /** True while the source's last request or stream succeeded. Local and immediate: no I/O. */
    boolean healthy();

    /** Stops watching; idempotent, never throws. */
    @Override
    void close();

    /**
     * A source that watches nothing: synced and healthy from the start, never reports anything (an engine's
     * monitor switched off, a fake engine in tests).
     */
    static EventSource idle(String name) {
        return new EventSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
            }

            @Override
            public boolean synced() {
                return true;
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
