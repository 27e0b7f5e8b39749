package io.converge.services;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Kills a node's running instances of lock-placed Services ({@code singleton}, {@code replicated}; not
 * {@code every}) through the container runtime alone, for {@code converge fence} and the handover guard (both
 * run without the operator). Idempotent.
 */
public final class NodeFencer {
    private final ContainerRuntime docker;
    private final Owner owner;
    private final PrintWriter out;

    public NodeFencer(ContainerRuntime docker, String node, String prefix, PrintWriter out) {
        this.docker = docker;
        this.owner = new Owner(node, prefix);
        this.out = out;
    }

    /** Kills them; returns how many were killed. */
    public int kill() {
        List<Instance> instances = docker.listManaged(owner);
        int killed = 0;
        for (Instance i : instances) {
            String mode = i.labels().getOrDefault(Labels.PLACEMENT, "singleton");
            if (!i.running() || "every".equals(mode)) {
                continue;
            }
            docker.stop(i.id(), Duration.ZERO);
            out.printf("killed %s (%s, %s)%n", i.name(), i.labels().get(Labels.SERVICE), mode);
            killed++;
        }
        out.flush();
        return killed;
    }
}
