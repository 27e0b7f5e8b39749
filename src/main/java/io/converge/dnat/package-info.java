/**
 * The PortForward room: DNAT from a port on this node's WAN address to the passing instances of a Consul service
 * (SPEC §6.2), from PortForward documents and from services tagged {@code export}. The room evaluates each resource
 * into a {@link io.converge.dnat.Forward} (pure: {@link io.converge.dnat.ForwardPlanner}) and applies all of them
 * as one {@link io.converge.dnat.Ruleset} through the {@link io.converge.dnat.Firewall} port. The nftables adapter
 * lives in {@code dnat.nft}. Depends on {@code kernel} and {@code model} only.
 */
package io.converge.dnat;
