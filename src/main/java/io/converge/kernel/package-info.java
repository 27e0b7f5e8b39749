/**
 * The controller engine, with no domain knowledge: the {@link io.converge.kernel.Room} contract the operator loops
 * over; the reconcile contract ({@link io.converge.kernel.Reconciler}, {@link io.converge.kernel.Result}), the work
 * queue with de-duplication and per-key backoff, and the seam through which event sources
 * ({@link io.converge.kernel.EventSource}) enqueue keys ({@link io.converge.kernel.KeySink}); the read port of the
 * cluster catalog ({@link io.converge.kernel.ServiceCatalog}) and the {@link io.converge.kernel.ReferenceIndex} that
 * maps a catalog change to the keys to enqueue. Aggregate reconciles, for rooms whose unit of apply is one object fed
 * by many resources (the node's nft table, the proxy's config): {@link io.converge.kernel.AggregateReconciler}
 * (evaluate one resource to an {@link io.converge.kernel.Evaluation}, apply the whole to an
 * {@link io.converge.kernel.ApplyResult}, report one status), run by {@link io.converge.kernel.AggregateController}
 * with coalesced applies. May depend on {@code model} and on Micrometer; never on a room or an adapter.
 */
package io.converge.kernel;
