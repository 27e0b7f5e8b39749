package io.converge.kernel;

/**
 * Whether this node is the elected cluster leader. Leadership gates acting on cluster-scoped work, never watching:
 * every node keeps its caches warm and only the leader writes.
 */
public interface Leadership {

    /** True while this node holds the leader lock and can prove it (its session confirmed recently). */
    boolean leading();
}
