package io.converge.services;

import io.converge.kernel.Result;
import io.converge.model.BackupStatus;
import io.converge.model.Condition;
import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one pass found and did for a service on this node, and how it shows in status: phase, message, the
 * conditions Placed, Running, Registered and Healthy, this node's entry, and the engine result.
 */
final class Report {
    private record Cond(String status, String reason, String message) {
    }

    private Phase phase = Phase.PENDING;
    private String message = "";
    private final Map<String, Cond> conditions = new LinkedHashMap<>();
    private NodeStatus node;
    private List<String> holders;
    private Result result = Result.done();
    private boolean ranHere;
    private BackupStatus.Restore restored;

    Report phase(Phase p, String msg) {
        this.phase = p;
        this.message = msg;
        return this;
    }

    Report condition(String type, boolean ok, String reason, String msg) {
        conditions.put(type, new Cond(ok ? Condition.TRUE : Condition.FALSE, reason, msg));
        return this;
    }

    Report node(NodeStatus n) {
        this.node = n;
        return this;
    }

    /** The lock holders as this node saw them; {@code null} when the placement takes no lock. */
    Report holders(List<String> nodes) {
        this.holders = nodes;
        return this;
    }

    /** This node runs the instance now: status names it as where the service ran last. */
    Report ranHere() {
        this.ranHere = true;
        return this;
    }

    /** A restore on a move happened in this pass. */
    Report restored(BackupStatus.Restore r) {
        this.restored = r;
        return this;
    }

    Report result(Result r) {
        this.result = r;
        return this;
    }

    Phase phase() {
        return phase;
    }

    String message() {
        return message;
    }

    Result result() {
        return result;
    }

    /**
     * Applies this report to a status, leaving Valid and the applied spec to the caller. This node's entry is
     * always written; phase, message, conditions and holders only while this node runs the resource, or while no
     * node does (so a standby never overwrites what the active node reports). With several active nodes the phase is
     * the worst of theirs. A lock holder also removes the {@code active} entries of nodes that no longer hold
     * the lock (a dead holder cannot remove its own), so that status shows the move.
     */
    Status applyTo(Status status, String nodeName, Instant now) {
        boolean active = conditions.containsKey("Placed") && Condition.TRUE.equals(conditions.get("Placed").status());
        NodeStatus entry = node != null ? node : active ? new NodeStatus(NodeStatus.ACTIVE, null, null) : null;
        Status next = status.withNode(nodeName, entry == null ? null : entry.withPhase(phase, message));
        boolean otherActive = next.nodes().entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(nodeName) && e.getValue().active());
        if (active || !otherActive) {
            // like phase and message: a standby's view of the lock may lag; the holder's is the one shown
            next = next.withHolders(holders);
        }
        if (active && holders != null) {
            for (var e : status.nodes().entrySet()) {
                if (!e.getKey().equals(nodeName) && e.getValue().active() && !holders.contains(e.getKey())) {
                    next = next.withNode(e.getKey(), null);
                }
            }
        }
        Map<String, NodeStatus> actives = new TreeMap<>();
        next.nodes().forEach((n, s) -> {
            if (s.active()) {
                actives.put(n, s);
            }
        });
        if (!active && !actives.isEmpty()) {
            return next;
        }
        for (var e : conditions.entrySet()) {
            Cond c = e.getValue();
            next = next.withCondition(e.getKey(), c.status(), c.reason(), c.message(), now);
        }
        return actives.size() <= 1 ? next.withPhase(phase, message) : aggregate(next, actives);
    }

    /**
     * Applies the backup part of this report: {@code backup.ranOn} when this node runs the instance, the restore of
     * a move; without {@code spec.backup} the backup status is removed.
     */
    Status applyBackup(Status status, String nodeName, boolean hasBackup) {
        if (!hasBackup) {
            return status.withBackup(null);
        }
        BackupStatus b = status.backupOrEmpty();
        if (ranHere) {
            b = b.withRanOn(nodeName);
        }
        if (restored != null) {
            b = b.withRestore(restored);
        }
        return b.equals(BackupStatus.empty()) ? status : status.withBackup(b);
    }

    private static final List<String> WORST_FIRST = List.of("Failed", "Degraded", "Starting", "Pending", "Running");

    private static Status aggregate(Status status, Map<String, NodeStatus> actives) {
        String worst = actives.values().stream().map(NodeStatus::phase)
                .min(Comparator.comparingInt(p -> WORST_FIRST.indexOf(p) < 0 ? 0 : WORST_FIRST.indexOf(p)))
                .orElse("Running");
        long running = actives.values().stream().filter(s -> "Running".equals(s.phase())).count();
        String detail = actives.entrySet().stream().filter(e -> !"Running".equals(e.getValue().phase()))
                .map(e -> e.getKey() + ": " + e.getValue().message()).collect(Collectors.joining("; "));
        String msg = running + "/" + actives.size() + " instances running on " + String.join(", ", actives.keySet())
                + (detail.isEmpty() ? "" : "; " + detail);
        Phase phase = Arrays.stream(Phase.values()).filter(p -> p.text().equals(worst)).findFirst()
                .orElse(Phase.DEGRADED);
        return status.withPhase(phase, msg);
    }
}
