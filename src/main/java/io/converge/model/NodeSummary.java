package io.converge.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Pure: the top-level phase, message and the {@code Applied} and {@code Conflict} conditions of a resource that
 * several nodes carry each for its own part (a PortForward on each selected node, a Route on each proxy node),
 * derived from every node's entry, so that every node derives the same and none overwrites another's view.
 */
public final class NodeSummary {
    private NodeSummary() {
    }

    /**
     * @param none    the message when no node carries the resource
     * @param running how a node that carries it is counted in the message, e.g. {@code forwarding}
     * @param refused the {@code Applied} reason when a node's engine refused, e.g. {@code FirewallError}
     * @param taken   the {@code Conflict} reason when a node found what it claims taken, e.g. {@code PortTaken}
     */
    public static Status summarize(Status s, Instant now, String none, String running, String refused, String taken) {
        Map<String, NodeStatus> nodes = s.nodes();
        String conflicts = joined(nodes, n -> n.conflict() != null, NodeStatus::message);
        String errors = joined(nodes, n -> n.error() != null, NodeStatus::error);
        Status out = s.withCondition("Conflict", conflicts.isEmpty() ? Condition.FALSE : Condition.TRUE,
                        conflicts.isEmpty() ? "NoConflict" : taken, conflicts, now)
                .withCondition("Applied", errors.isEmpty() ? Condition.TRUE : Condition.FALSE,
                        errors.isEmpty() ? "Applied" : refused, errors, now);
        Optional<Map.Entry<String, NodeStatus>> worst = nodes.entrySet().stream()
                .min(Comparator.comparingInt(e -> rank(e.getValue().phase())));
        if (worst.isEmpty()) {
            return out.withPhase(Phase.PENDING, none);
        }
        long carrying = nodes.values().stream().filter(n -> Phase.RUNNING.text().equals(n.phase())).count();
        NodeStatus w = worst.get().getValue();
        Phase phase = Phase.valueOf(w.phase().toUpperCase(Locale.ROOT));
        String message = phase == Phase.RUNNING ? carrying + "/" + nodes.size() + " nodes " + running
                : worst.get().getKey() + ": " + w.message();
        return out.withPhase(phase, message);
    }

    private static int rank(String phase) {
        return Phase.FAILED.text().equals(phase) ? 0 : Phase.PENDING.text().equals(phase) ? 1 : 2;
    }

    private static String joined(Map<String, NodeStatus> nodes, Predicate<NodeStatus> which,
                                 java.util.function.Function<NodeStatus, String> text) {
        return nodes.entrySet().stream().filter(e -> which.test(e.getValue()))
                .map(e -> e.getKey() + ": " + text.apply(e.getValue())).collect(Collectors.joining("; "));
    }
}
