package io.converge.kernel;

import java.util.SortedMap;

/**
 * The contract of a room whose unit of apply is one object fed by many resources: the node's nftables table
 * (one {@code nft -f} transaction), the proxy's Caddy config (one request per change). Run by
 * {@link AggregateController}: resources are evaluated one key at a time, like a {@link Reconciler}; the whole is
 * applied at most once at a time, after a burst of evaluations rather than after each; each resource's status is
 * reported after the apply that carries its part.
 * <p>
 * All three methods are called from the controller's one worker thread, never at once.
 *
 * @param <P> the part one resource contributes to the whole; a value with {@code equals} (a record), compared to
 *            decide whether the whole changed
 */
public interface AggregateReconciler<P> {

    /**
     * Validates one resource and computes its part. Level-triggered: re-reads the desired state and the caches it
     * needs (the catalog view) on every call; never touches the engine.
     *
     * @param name the resource's name (the last segment of its spec key)
     * @return its part and validity; throwing means {@link Evaluation#failed(String)}
     */
    Evaluation<P> evaluate(String name) throws Exception;

    /**
     * Makes the engine hold exactly the rendering of {@code parts} (and nothing else of converge's), in one
     * transaction. Idempotent: renders deterministically (sorted) and loads nothing when the engine already holds
     * that rendering (read back, so that drift is repaired). The controller does not call it when the parts equal
     * those of the last successful apply, except once after each {@link AggregateController#resync()}.
     *
     * @param parts every resource's part in force, by name; unmodifiable
     * @return whether the engine holds it; throwing means {@link ApplyResult#failed(String)}
     */
    ApplyResult apply(SortedMap<String, P> parts) throws Exception;

    /**
     * Writes one resource's status: called after the first apply (or apply attempt) that carries the resource's
     * current part, and again only when its evaluation or the apply result changed. For an
     * {@link Evaluation#absent()} resource it is called once its part has left the engine ({@code applied.ok()}),
     * to delete the status; a failed apply reports it too. Throwing retries the key with backoff.
     *
     * @param evaluation the resource's last evaluation
     * @param applied    the result of the last apply attempt, which carried the resource's part in force
     */
    void report(String name, Evaluation<P> evaluation, ApplyResult applied) throws Exception;
}
