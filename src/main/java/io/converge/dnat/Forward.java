package io.converge.dnat;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One DNAT forward on this node: traffic of {@code protocol} to {@code port} on the node's WAN address(es), from
 * {@code sourceRanges} (empty: from anywhere), balanced over {@code backends}. A value (records of sorted lists):
 * the room compares forwards to decide whether the node's tables must change.
 *
 * @param id           unique within a ruleset and a valid nft identifier: {@code pf-<name>} for a PortForward,
 *                     {@code export-<service>} for a service tagged {@code export}; names its chains
 * @param owner        what the forward stands for, in words ({@code portforwards/web}, {@code service web (tag
 *                     export)}); becomes the comment of its rules
 * @param sourceRanges IPv4 and IPv6 addresses or CIDR blocks, sorted
 * @param backends     the passing instances, sorted; empty: no rule for this forward (nothing passes)
 */
public record Forward(String id, String owner, Protocol protocol, int port, List<String> sourceRanges,
                      List<Backend> backends) {
    /** What an nft identifier may be made of here. */
    public static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,200}");

    public Forward {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a forward id: " + id);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        sourceRanges = sourceRanges.stream().sorted().distinct().toList();
        backends = backends.stream().sorted().distinct().toList();
    }

    /** The same forward with other backends. */
    public Forward withBackends(List<Backend> others) {
        return new Forward(id, owner, protocol, port, sourceRanges, others);
    }
}
