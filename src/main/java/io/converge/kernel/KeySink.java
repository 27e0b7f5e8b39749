package io.converge.kernel;

/**
 * Where event sources put keys: the spec watch, Docker's event stream, and (later) catalog and health watches.
 * Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface KeySink {

    void enqueue(ResourceKey key, Trigger trigger);
}
