package io.converge.app;

import io.converge.placement.consul.Handovers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code converge fence}: kills this node's running instances of lock-placed Services ({@code singleton},
 * {@code replicated}; not {@code every}) using Docker only, then ends the node's Consul sessions and removes a
 * handover marker, so that their locks move after lock-delay rather than when converge's check expires. For a
 * converge that died without standing down or handing over (SIGKILL, OOM, a start that failed): the systemd unit
 * runs it after an abnormal exit. The kill comes first and needs no Consul; the rest is skipped (and said) when the
 * agent does not answer. Idempotent.
 */
@Command(name = "fence", mixinStandardHelpOptions = true, description = "Kill this node's instances of singleton and replicated Services "
        + "and end its sessions (after converge run died without fencing).")
public class FenceCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = "--node", description = "This node's name (default: converge.node.name, else the local "
            + "Consul agent's node name).")
    String node;

    @Option(names = "--keep-sessions", description = "Only kill; leave the node's sessions (and locks) alone.")
    boolean keepSessions;

    @Override
    public Integer call() {
        String name = node != null ? node : connections.config().node().name()
                .orElseGet(() -> NodeIdentities.of(connections.consul().agentSelf(), java.util.Optional.empty()).name());
        String prefix = connections.config().kv().prefix();
        int killed = new NodeFencer(connections.docker(), name, prefix, out()).kill();
        out().printf("fenced node %s: %d instance%s killed%n", name, killed, killed == 1 ? "" : "s");
        if (!keepSessions) {
            endSessions(new Handovers(connections.consul(), prefix, name));
        }
        out().flush();
        return 0;
    }

    private void endSessions(Handovers handovers) {
        try {
            handovers.marker().ifPresent(m -> handovers.claim(m.index()));
            List<String> ids = handovers.nodeSessions();
            for (String id : ids) {
                handovers.destroy(id);
            }
            out().printf("ended %d session%s of node %s%n", ids.size(), ids.size() == 1 ? "" : "s", handovers.node());
        } catch (RuntimeException e) {
            err().printf("could not end the node's sessions (%s): they end when converge's check expires%n",
                    e.getMessage());
            err().flush();
        }
    }
}
