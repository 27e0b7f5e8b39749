/**
 * Placement: which node runs what. Now the single-node candidate filter; Consul sessions, locks, semaphores and
 * fencing come here next. Implements {@link io.converge.kernel.Placement}; never imports another room.
 */
package io.converge.placement;
