package io.converge.dnat;

import java.util.Comparator;
import java.util.List;

/**
 * Everything converge's tables on this node hold: the forwards (ordered by id) and the WAN addresses they answer
 * on. A value; rendering it is deterministic, so equal rulesets render to the same text.
 *
 * @param wanAddresses the node's WAN addresses, IPv4 and IPv6 literals, sorted; empty: every local address of the
 *                     node (nft's {@code fib daddr type local})
 * @param forwards     ids unique; at most one forward per (protocol, port)
 */
public record Ruleset(List<String> wanAddresses, List<Forward> forwards) {

    public Ruleset {
        wanAddresses = wanAddresses.stream().sorted().distinct().toList();
        forwards = forwards.stream().sorted(Comparator.comparing(Forward::id)).toList();
        if (forwards.stream().map(Forward::id).distinct().count() != forwards.size()) {
            throw new IllegalArgumentException("forward ids must be unique");
        }
    }
}
