package io.converge.dnat;

import io.converge.kernel.SpecCache;
import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.EventSource;
import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.model.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The PortForward room: this node's DNAT forwards (SPEC §6.2), from PortForward documents and services tagged
 * {@code export}, kept in converge's own firewall tables, which are replaced whole on every change. Its own event
 * source reports changes to those tables made by anyone else, so that they are repaired at once.
 */
public final class PortForwardRoom implements Room {
    private final ForwardReconciler reconciler;
    private final Firewall firewall;
    private final EventSource drift;

    /**
     * @param wanAddresses the addresses the forwards answer on ({@link WanAddresses}); empty: every local one
     */
    public PortForwardRoom(RoomContext context, Firewall firewall, List<String> wanAddresses,
                           ForwardPlanner.Masquerade masquerade) {
        this.firewall = firewall;
        SpecCache<PortForwardSpec> specs = new SpecCache<>(Kind.PORT_FORWARD, context.desired(),
                context.statuses(), context.validator(), PortForwardSpec::from, PortForwardSpec::problems);
        ForwardPlanner planner = new ForwardPlanner(context.node().name(), context.node().meta(), masquerade);
        Installer installer = new Installer(firewall, wanAddresses, context.clock());
        this.reconciler = new ForwardReconciler(specs, context.catalog(), planner, context.sink(), installer,
                new ForwardReports(context.statuses(), specs, context.node().name(), context.clock()));
        this.drift = firewall.drift(() -> context.sink().retryNow(Kind.PORT_FORWARD));
    }

    @Override
    public Kind kind() {
        return Kind.PORT_FORWARD;
    }

    @Override
    public Scope scope() {
        return Scope.SELECTED_NODES;
    }

    /** Never called: this room applies one whole ({@link #aggregate()}). */
    @Override
    public Reconciler reconciler() {
        throw new UnsupportedOperationException("the PortForward room is an aggregate room");
    }

    @Override
    public Optional<AggregateReconciler<?>> aggregate() {
        return Optional.of(reconciler);
    }

    /**
     * Nothing to sweep by name: the tables are replaced whole on every apply, so a forward without a spec cannot
     * outlive the next one; statuses of deleted specs are found by their keys.
     */
    @Override
    public Collection<String> owned() {
        return List.of();
    }

    @Override
    public List<EventSource> sources() {
        return List.of(drift);
    }

    /** The service a PortForward names, read leniently from the raw document (valid or not). */
    @Override
    public Set<String> references(RawDocument document) {
        return Room.specService(document);
    }

    @Override
    public Set<String> implicitTags() {
        return Set.of("export");
    }

    @Override
    public Optional<String> engineProblem() {
        return firewall.problem().map(p -> "nft: " + p);
    }
}
