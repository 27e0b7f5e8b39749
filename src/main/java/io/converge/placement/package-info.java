/**
 * Placement: which node runs what (SPEC §6.1). This package is the pure part: {@link io.converge.placement.LockPlanner}
 * (with {@code SemaphorePlanner}) decides, step by step, from what this node holds ({@link
 * io.converge.placement.Holdings}), its session, the lock keys as seen and the outcomes so far ({@link
 * io.converge.placement.Attempt}); {@link io.converge.placement.LockStore} is the port it acts through, and
 * {@link io.converge.placement.MonotonicClock} the clock every deadline is measured with. No I/O here.
 *
 * <p>{@code placement.consul} is the Consul side: the node's sessions ({@code SessionPool}, {@code NodeSession}),
 * the cache of {@code <prefix>/locks/} ({@code KvCache}), the executor of the planner's steps ({@code LockExecutor}
 * through {@code ConsulLockStore}), self-fencing ({@code Fence}), and the implementations of
 * {@link io.converge.kernel.Placement} ({@code ConsulPlacement}) and {@link io.converge.kernel.Leadership}
 * ({@code LeaderElection}). It uses the shared Consul connection of {@code consul}.
 *
 * <p>Depends on {@code kernel}, {@code model} and (in {@code placement.consul} only) {@code consul}; never on
 * {@code store} or another room.
 */
package io.converge.placement;
