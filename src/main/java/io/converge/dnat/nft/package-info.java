/**
 * The nftables adapter of the PortForward room: {@link io.converge.dnat.nft.NftFirewall} implements
 * {@link io.converge.dnat.Firewall} by rendering a {@link io.converge.dnat.Ruleset} into one {@code nft -f -}
 * transaction ({@link io.converge.dnat.nft.NftScript}, pure) that replaces {@code table ip converge} and
 * {@code table ip6 converge} and nothing else, and by watching those tables with {@code nft monitor}. Binaries run
 * through {@link java.lang.ProcessBuilder} with argument lists (never a shell); the ruleset text goes on stdin.
 * Depends on {@code dnat} and {@code kernel} only (and Jackson to read {@code nft -j}).
 */
package io.converge.dnat.nft;
