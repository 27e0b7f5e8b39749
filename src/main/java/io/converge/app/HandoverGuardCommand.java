package io.converge.app;

import io.converge.services.NodeFencer;
import io.converge.placement.HandoverGuard;
import io.converge.placement.MonotonicClock;
import io.converge.placement.consul.Handovers;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code converge handover-guard}: stands in for a {@code converge run} that stopped with a handover (see
 * {@link HandoverGuard}); started by it (detached) or by the supervisor after it exited (systemd
 * {@code ExecStopPost} through {@code systemd-run}). Exits 0 at once when there is nothing to guard.
 */
@Command(name = "handover-guard", mixinStandardHelpOptions = true, description = "Stand in for a stopped converge "
        + "until a new one adopts the node, or fence it when none does within the handover grace.")
public class HandoverGuardCommand implements Callable<Integer> {

    @jakarta.inject.Inject
    Connections connections;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", description = "This node's name (default: converge.node.name, else the local "
            + "Consul agent's node name).")
    String node;

    @Override
    public Integer call() throws InterruptedException {
        String name = node != null ? node : connections.config().node().name()
                .orElseGet(() -> NodeIdentities.of(connections.consul().agentSelf(), java.util.Optional.empty()).name());
        String prefix = connections.config().kv().prefix();
        NodeFencer fencer = new NodeFencer(connections.docker(), name, prefix, out());
        HandoverGuard guard = new HandoverGuard(new Handovers(connections.consul(), prefix, name), fencer::kill,
                connections.config().placement().fenceAfter(), MonotonicClock.system(), line -> {
                    out().printf("%s handover-guard %s: %s%n", Instant.now(), name, line);
                    out().flush();
                });
        HandoverGuard.Outcome outcome = guard.run(System.currentTimeMillis());
        out().printf("%s handover-guard %s: %s%n", Instant.now(), name, outcome);
        out().flush();
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
