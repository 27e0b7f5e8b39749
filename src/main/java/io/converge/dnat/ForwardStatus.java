package io.converge.dnat;

import io.converge.model.Condition;
import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
        Map<String, NodeStatus> nodes = s.nodes();
        String conflicts = joined(nodes, n -> n.conflict() != null);
        String errors = joined(nodes, n -> n.error() != null);
        Status out = s.withCondition("Conflict", conflicts.isEmpty() ? Condition.FALSE : Condition.TRUE,
                        conflicts.isEmpty() ? "NoConflict" : "PortTaken", conflicts, now)
                .withCondition("Applied", errors.isEmpty() ? Condition.TRUE : Condition.FALSE,
                        errors.isEmpty() ? "Applied" : "FirewallError",
                        errors.isEmpty() ? "" : nodes.entrySet().stream().filter(e -> e.getValue().error() != null)
                                .map(e -> e.getKey() + ": " + e.getValue().error()).collect(Collectors.joining("; ")),
                        now);
        Optional<Map.Entry<String, NodeStatus>> worst = nodes.entrySet().stream()
                .min(java.util.Comparator.comparingInt(e -> rank(e.getValue().phase())));
        if (worst.isEmpty()) {
            return out.withPhase(Phase.PENDING, "no node with converge's firewall is selected");
        }
        long running = nodes.values().stream().filter(n -> Phase.RUNNING.text().equals(n.phase())).count();
        NodeStatus w = worst.get().getValue();
        Phase phase = Phase.valueOf(w.phase().toUpperCase(java.util.Locale.ROOT));
        String message = phase == Phase.RUNNING ? running + "/" + nodes.size() + " nodes forwarding"
                : worst.get().getKey() + ": " + w.message();
        return out.withPhase(phase, message);
    }

    private static int rank(String phase) {
        return Phase.FAILED.text().equals(phase) ? 0 : Phase.PENDING.text().equals(phase) ? 1 : 2;
    }

    private static String joined(Map<String, NodeStatus> nodes, java.util.function.Predicate<NodeStatus> which) {
        return nodes.entrySet().stream().filter(e -> which.test(e.getValue()))
                .map(e -> e.getKey() + ": " + e.getValue().message()).collect(Collectors.joining("; "));
    }
}
