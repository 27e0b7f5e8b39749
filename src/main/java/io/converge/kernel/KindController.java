package io.converge.kernel;

import io.converge.model.Kind;
import java.time.Duration;

/**
 * The engine of one kind, as the operator drives it: a {@link Controller} (one pass per resource) or an
 * {@link AggregateController} (one whole applied for many resources).
 */
public interface KindController {

    Kind kind();

    /** Queues a key as the trigger asks (see {@link Trigger}). Never blocks. */
    void enqueue(String name, Trigger trigger);

    /** Enqueues every known key; on start and by the periodic resync. */
    void resync();

    /** A {@link #resync} that does not wait out the backoff of earlier failures (see {@link KeySink#retryNow}). */
    default void retryNow() {
        resync();
    }

    /** Starts working and enqueues every known key. */
    void start();

    /** Stops taking keys and waits up to {@code grace} for work in flight. Touches nothing in the world. */
    void stop(Duration grace);
}
