package io.converge.kernel;

import io.converge.model.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One room of the operator: a kind, its reconciler and everything the operator must know to run it, declared in
 * one place (JOSDK's {@code register}, controller-runtime's builder). The operator merely loops over rooms: it gives
 * each a work queue, starts its event sources, enqueues what its sources and the shared watches report, sweeps for
 * orphans with {@link #owned()}, tells it when this node is fenced or stands down, and asks it for readiness.
 * A room never imports another room; rooms meet in {@code kernel} and {@code model}.
 */
public interface Room {

    /** Where a room acts. Watching is never gated: every node keeps its caches warm. */
    enum Scope {
        /** On every node, each for its own part (Service instances, placed by locks where asked). */
        EVERY_NODE,
        /** On the nodes its resources select ({@code nodes} / {@code nodeMeta}). */
        SELECTED_NODES,
        /** On proxy nodes only ({@code converge.proxy.enabled}). */
        PROXY_NODES,
        /** On the elected cluster leader only: a pass on any other node does nothing. */
        LEADER
    }

    /** The kind this room reconciles; one work queue per kind. */
    Kind kind();

    Scope scope();

    /**
     * Converges one resource of {@link #kind()}; see {@link Reconciler}. A room whose unit of apply is one object
     * fed by many resources returns {@link #aggregate()} instead and never has this called.
     */
    Reconciler reconciler();

    /**
     * For a room that applies one whole (the node's nft table, the proxy's config) fed by many resources, with a
     * status per resource and coalesced applies: its aggregate reconciler. Empty for a room of per-resource passes.
     */
    default Optional<AggregateReconciler<?>> aggregate() {
        return Optional.empty();
    }

    /**
     * The names of what this room owns in the world on this node (containers by label, registrations by meta, the
     * node's nft table, Caddy routes by {@code @id}, DNS records by owner TXT), for the orphan sweeps at start and at
     * every resync: a name here without a spec is torn down. May do I/O; a failure lists what it could.
     */
    Collection<String> owned();

    /**
     * The room's own event sources (Docker's event stream, an engine's monitor); the operator starts them after the
     * shared watches and counts them in readiness. They enqueue into the sink the room was given.
     */
    default List<EventSource> sources() {
        return List.of();
    }

    /**
     * The Consul services a resource's document names (e.g. {@code spec.service}), for the reference index: a
     * catalog change of one of them enqueues the resource. Read from the raw document, valid or not. Pure.
     */
    default Set<String> references(RawDocument document) {
        return Set.of();
    }

    /**
     * For {@link #references}: the service a document's {@code spec.service} names, read leniently from the raw
     * bytes (valid or not); empty when there is none.
     */
    static Set<String> specService(RawDocument document) {
        try {
            com.fasterxml.jackson.databind.JsonNode service = io.converge.model.DocumentValidator
                    .parseLenient(document.value()).path("spec").path("service");
            return service.isTextual() && !service.asText().isEmpty() ? Set.of(service.asText()) : Set.of();
        } catch (java.io.IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /**
     * Services carrying one of these tags make implicit resources of this kind (the origin's {@code export},
     * {@code web}); a catalog change of such a service enqueues its implicit key.
     */
    default Set<String> implicitTags() {
        return Set.of();
    }

    /**
     * This node lost the locks of these resources (its session ended or cannot be proved): stop what they hold at
     * once, without waiting on Consul. The operator enqueues them afterwards.
     */
    default void fenced(Set<String> names, String reason) {
    }

    /**
     * Graceful shutdown of a node that holds this resource's lock: remove what runs here and release the lock, so
     * that a standby takes over at once. Called in parallel for several names.
     */
    default void standDown(String name) {
    }

    /** Why this room's engine cannot be used now (Docker, nft, Caddy, the DNS provider), or empty when it answers. */
    default Optional<String> engineProblem() {
        return Optional.empty();
    }
}
