package io.converge.kernel;

import io.converge.model.Kind;

/**
 * Where event sources put keys: the spec watch, Docker's event stream, and (later) catalog and health watches.
 * Implementations must be thread-safe and must not block.
 */
public interface KeySink {

    void enqueue(ResourceKey key, Trigger trigger);

    /** Enqueues every known key of the kind (events may have been missed, e.g. an engine's stream reconnected). */
    void resync(Kind kind);

    /**
     * The kind's engine changed under converge or answers again after failing (a table edited by hand, a proxy
     * restarted without its configuration): a {@link #resync} that does not wait out the backoff of earlier
     * failures.
     */
    default void retryNow(Kind kind) {
        resync(kind);
    }
}
