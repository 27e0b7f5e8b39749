/**
 * Placement: which node runs what. {@code placement.consul} holds it all: the node's sessions
 * ({@code SessionPool}, {@code NodeSession}), singleton locks and the replicated semaphore
 * ({@code ConsulPlacement}, {@code Semaphore}), self-fencing ({@code Fence}, {@code Holdings}) and the leader
 * election ({@code LeaderElection}), using the Consul access of {@code consul} and {@code store.consul}.
 * Implements {@link io.converge.kernel.Placement} and {@link io.converge.kernel.Leadership}; never imports another
 * room.
 */
package io.converge.placement;
