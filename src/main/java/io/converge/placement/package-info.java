/**
 * Placement: which node runs what. Now the single-node candidate filter; Consul sessions, locks, semaphores and
 * fencing come here next, with the node session in {@code placement.consul} (which uses the Consul access of
 * {@code consul} and {@code store.consul}). Implements {@link io.converge.kernel.Placement}; never imports another
 * room.
 */
package io.converge.placement;
