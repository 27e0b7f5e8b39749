package io.converge.services;

import io.converge.kernel.Result;
import io.converge.model.Condition;
import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
    private Result result = Result.done();

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

    /** Applies this report to a status, leaving Valid and the applied spec to the caller. */
    Status applyTo(Status status, String nodeName, Instant now) {
        Status next = status.withPhase(phase, message).withNode(nodeName, node);
        for (var e : conditions.entrySet()) {
            Cond c = e.getValue();
            next = next.withCondition(e.getKey(), c.status(), c.reason(), c.message(), now);
        }
        return next;
    }
}
