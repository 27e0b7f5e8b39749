package io.converge.dnat.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argument lists of the binaries the adapter runs: {@code nft} and {@code conntrack}, through
 * {@code ip netns exec NETNS} when the firewall lives in a network namespace ({@code ip} execs the binary in place,
 * so the process id converge sees is the binary's own, as {@code nft monitor} reports it).
 *
 * @param nft       the {@code nft} binary
 * @param conntrack the {@code conntrack} binary
 * @param ip        the {@code ip} binary
 * @param netns     the network namespace's name, or empty for converge's own
 */
record Commands(String nft, String conntrack, String ip, Optional<String> netns) {

    List<String> nft(String... args) {
        return command(nft, args);
    }

    List<String> conntrack(String... args) {
        return command(conntrack, args);
    }

    private List<String> command(String binary, String... args) {
        List<String> argv = new ArrayList<>();
        netns.ifPresent(ns -> argv.addAll(List.of(ip, "netns", "exec", ns)));
        argv.add(binary);
        argv.addAll(List.of(args));
        return List.copyOf(argv);
    }
}
