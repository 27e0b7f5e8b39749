package io.converge.dnat;

import io.converge.model.NodeStatus;
import io.converge.model.NodeSummary;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import java.util.List;

/**
 * Pure: a PortForward's status as this node sees it. Each node writes its own entry under {@code nodes}; the
 * top-level phase, message and the {@code Applied} and {@code Conflict} conditions are derived from all entries, so
 * that every node derives the same and they never overwrite each other's view.
 */
final class ForwardStatus {
    private ForwardStatus() {
    }

    /** What this node reports for one forward. */
    record Here(ForwardPart part, boolean wan, String applyError, Instant appliedAt) {
    }

    /** This node's entry; {@code null} when the forward does not select this node (its entry is removed). */
    static NodeStatus entry(Here here) {
        ForwardPart part = here.part();
        if (!part.selected()) {
            return null;
        }
        Forward f = part.forward();
        List<String> backends = f.backends().stream().map(Backend::endpoint).toList();
        if (!part.conflict().isEmpty()) {
            return new NodeStatus(NodeStatus.ACTIVE, null, null, Phase.FAILED.text(), part.conflict(), false, null,
                    null, null, part.conflict());
        }
        if (!here.applyError().isEmpty()) {
            return node(Phase.FAILED, "the firewall refused the tables; this forward's rules are as before",
                    null, backends, null, here.applyError());
        }
        if (f.backends().isEmpty()) {
            return node(Phase.PENDING, "no passing instance; no rule for port " + f.port() + "/"
                    + f.protocol().text(), false, List.of(), null, null);
        }
        String target = here.wan() ? "the WAN address" : "every local address";
        return node(Phase.RUNNING, "forwarding port " + f.port() + "/" + f.protocol().text() + " on " + target
                        + " to " + backends.size() + (backends.size() == 1 ? " backend" : " backends"), true,
                backends, here.appliedAt() == null ? null : here.appliedAt().toString(), null);
    }

    private static NodeStatus node(Phase phase, String message, Boolean installed, List<String> backends,
                                   String appliedAt, String error) {
        return new NodeStatus(NodeStatus.ACTIVE, null, null, phase.text(), message, installed, backends, appliedAt,
                error, null);
    }

    /** Derives the top-level phase, message and conditions from every node's entry. */
    static Status summarize(Status s, Instant now) {
        return NodeSummary.summarize(s, now, "no node with converge's firewall is selected", "forwarding",
                "FirewallError", "PortTaken");
    }
}
