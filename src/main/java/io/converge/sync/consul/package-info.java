/**
 * The Consul adapter of {@link io.converge.sync.SpecStore}: lists the spec keys of every kind and commits writes
 * through Consul's transaction endpoint ({@code PUT /v1/txn}, verbs {@code cas} and {@code delete-cas}). Depends on
 * {@code sync}, {@code model} and the shared {@code consul} connection.
 */
package io.converge.sync.consul;
