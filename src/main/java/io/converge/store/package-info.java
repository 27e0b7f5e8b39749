/**
 * Consul as converge's API server: the spec watches (blocking queries, one per kind prefix), the status store
 * (check-and-set), the health view of this node's checks, and the cluster catalog view ({@code ConsulCatalog},
 * the adapter of {@link io.converge.kernel.ServiceCatalog}). Implements the ports of {@code kernel}; the
 * Consul-specific code lives in {@code store.consul}. Never imports a room.
 */
package io.converge.store;
