package io.converge.dnat;

import io.converge.kernel.AggregateRoom;
import io.converge.kernel.RoomContext;
import io.converge.kernel.SpecCache;
import io.converge.model.Kind;
import java.util.List;

/**
 * The PortForward room: this node's DNAT forwards (SPEC §6.2), from PortForward documents and services tagged
 * {@code export}, kept in converge's own firewall tables, which are replaced whole on every change. Its own event
 * source reports changes to those tables made by anyone else, so that they are repaired at once.
 */
public final class PortForwardRoom extends AggregateRoom {

    /**
     * @param wanAddresses the addresses the forwards answer on ({@link WanAddresses}); empty: every local one
     */
    public PortForwardRoom(RoomContext context, Firewall firewall, List<String> wanAddresses,
                           ForwardPlanner.Masquerade masquerade) {
        super(Kind.PORT_FORWARD, Scope.SELECTED_NODES, reconciler(context, firewall, wanAddresses, masquerade),
                List.of(firewall.drift(() -> context.sink().retryNow(Kind.PORT_FORWARD))), "export",
                () -> firewall.problem().map(p -> "nft: " + p));
    }

    private static ForwardReconciler reconciler(RoomContext context, Firewall firewall, List<String> wanAddresses,
                                                ForwardPlanner.Masquerade masquerade) {
        SpecCache<PortForwardSpec> specs = new SpecCache<>(Kind.PORT_FORWARD, context.desired(),
                context.statuses(), context.validator(), PortForwardSpec::from, PortForwardSpec::problems);
        ForwardPlanner planner = new ForwardPlanner(context.node().name(), context.node().meta(), masquerade);
        return new ForwardReconciler(specs, context.catalog(), planner, context.sink(),
                new Installer(firewall, wanAddresses, context.clock()),
                new ForwardReports(context.statuses(), specs, context.node().name(), context.clock()));
    }
}
