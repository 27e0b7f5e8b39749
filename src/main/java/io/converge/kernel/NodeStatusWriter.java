package io.converge.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Condition;
import io.converge.model.Kind;
import io.converge.model.NodeStatus;
import io.converge.model.Status;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Writes the status of a resource that several nodes carry each for its own part (aggregate rooms): this node's
 * entry under {@code nodes}, validity, the spec in force, and a summary derived from every node's entry, in one
 * check-and-set update; and removes this node's entry, then the status, once the spec is gone.
 */
public final class NodeStatusWriter {
    private static final Logger LOG = Logger.getLogger(NodeStatusWriter.class);

    private final Kind kind;
    private final StatusStore statuses;
    private final String node;
    private final InstantSource clock;

    public NodeStatusWriter(Kind kind, StatusStore statuses, String node, InstantSource clock) {
        this.kind = kind;
        this.statuses = statuses;
        this.node = node;
        this.clock = clock;
    }

    /**
     * @param problem   empty when the current document is valid, else what is wrong with it
     * @param inForce   the spec in force (the current one, or the last valid one), or {@code null}
     * @param entry     this node's entry; {@code null} removes it (the resource is not carried here)
     * @param summarize derives the top-level fields from the entries
     * @return the status now stored
     */
    public Status write(String name, long generation, String problem, JsonNode inForce, long inForceGeneration,
                        NodeStatus entry, BiFunction<Status, Instant, Status> summarize) {
        Instant now = clock.instant();
        return statuses.update(kind, name, s -> {
            Status next = s.withObservedGeneration(generation).withNode(node, entry);
            next = problem.isEmpty() ? next.withCondition("Valid", Condition.TRUE, "SchemaOk", "", now)
                    : next.withCondition("Valid", Condition.FALSE, "Invalid", problem, now);
            if (inForce != null) {
                next = next.withApplied(inForce, inForceGeneration);
            }
            return summarize.apply(next, now);
        });
    }

    /** The spec is gone and its part has left the engine: remove this node's entry, then the status if none is left. */
    public void removed(String name) {
        if (statuses.read(kind, name).isEmpty()) {
            return;
        }
        Status rest = statuses.update(kind, name, s -> s.withNode(node, null));
        if (rest.nodes().isEmpty()) {
            statuses.delete(kind, name);
            LOG.infof("%s/%s: spec deleted; what converge made for it and its status removed", kind.plural(), name);
        }
    }
}
