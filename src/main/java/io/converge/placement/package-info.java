/**
 * Placement: which node runs what. Now the single-node candidate filter and, in {@code placement.consul}, the
 * node session (using the Consul access of {@code consul} and {@code store.consul}); locks, semaphores and fencing
 * come here next. Implements {@link io.converge.kernel.Placement}; never imports another room.
 */
package io.converge.placement;
