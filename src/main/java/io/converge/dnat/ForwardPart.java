package io.converge.dnat;

import java.util.Optional;

/**
 * What one resource (a PortForward, or a service tagged {@code export}) contributes to this node's tables. A value:
 * the room compares parts to decide whether the tables must change.
 *
 * @param forward  the forward this node would carry; {@code null} when the resource does not select this node
 * @param conflict empty, or which other forward holds the same port and protocol on this node (then this one is
 *                 left out of the tables)
 */
public record ForwardPart(Forward forward, String conflict) {
    /** A resource that does not select this node. */
    public static final ForwardPart ELSEWHERE = new ForwardPart(null, "");

    public static ForwardPart of(Forward forward) {
        return new ForwardPart(forward, "");
    }

    public ForwardPart inConflictWith(String holder) {
        return new ForwardPart(forward, "port " + forward.port() + "/" + forward.protocol().text()
                + " on this node is already forwarded by " + holder);
    }

    public boolean selected() {
        return forward != null;
    }

    /** The forward the tables hold for this part: none when elsewhere, in conflict, or without a passing backend. */
    public Optional<Forward> installed() {
        return forward != null && conflict.isEmpty() && !forward.backends().isEmpty()
                ? Optional.of(forward) : Optional.empty();
    }
}
