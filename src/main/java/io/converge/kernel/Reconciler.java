package io.converge.kernel;

/**
 * Converges one resource, named by its key only. Level-triggered: every pass re-reads the desired state and
 * observes the world; it never depends on which event enqueued the key. Must be idempotent: a second pass over
 * a converged resource changes nothing. The engine never runs two passes for the same key at once.
 */
@FunctionalInterface
public interface Reconciler {

    /**
     * @param name the resource's name (the last segment of its spec key)
     * @return how to schedule the key next; throwing means {@link Result#retry(String)}
     */
    Result reconcile(String name) throws Exception;
}
