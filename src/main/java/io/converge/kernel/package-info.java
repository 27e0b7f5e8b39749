/**
 * The controller engine, with no domain knowledge: the reconcile contract ({@link io.converge.kernel.Reconciler},
 * {@link io.converge.kernel.Result}), the work queue with de-duplication and per-key backoff, and the seam
 * through which event sources enqueue keys ({@link io.converge.kernel.KeySink}); the read port of the cluster
 * catalog ({@link io.converge.kernel.ServiceCatalog}) and the {@link io.converge.kernel.ReferenceIndex} that maps a
 * catalog change to the keys to enqueue. May depend on {@code model} and on Micrometer; never on a room or an
 * adapter.
 */
package io.converge.kernel;
