package io.converge.cli;

import io.converge.model.Json;
import io.converge.services.NodeFencer;
import io.converge.services.docker.DockerRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code converge fence}: kills this node's running instances of lock-placed Services ({@code singleton},
 * {@code replicated}; not {@code every}), using Docker only. For a converge that died without fencing (SIGKILL,
 * OOM): its session ends through its liveness check and a standby takes over after lock-delay, so what it ran
 * must stop first. Then it ends the node's sessions (unless {@code --keep-sessions}), so that its locks move after
 * lock-delay from the kill rather than when converge's alive check expires. The systemd unit runs it after an
 * abnormal exit. Idempotent.
 */
@Command(name = "fence", mixinStandardHelpOptions = true, description = "Kill this node's instances of singleton and replicated Services "
        + "(after converge run died without fencing).")
public class FenceCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = "--node", description = "This node's name (default: converge.node.name, else the local "
            + "Consul agent's node name).")
    String node;

    @Option(names = "--keep-sessions", description = "Only kill; leave the node's sessions (and locks) alone.")
    boolean keepSessions;

    @Override
    public Integer call() throws Exception {
        String name = node != null ? node : settings().nodeName().orElseGet(this::agentNodeName);
        try (DockerRuntime docker = new DockerRuntime(settings().dockerHost()
                .orElseGet(() -> DockerRuntime.defaultHost(System.getenv())))) {
            return fence(docker, name);
        }
    }

    private int fence(DockerRuntime docker, String name) {
        int killed = new NodeFencer(docker, name, settings().prefix(), out()).kill();
        out().printf("fenced node %s: %d instance%s killed%n", name, killed, killed == 1 ? "" : "s");
        if (!keepSessions) {
            endSessions(name);
        }
        out().flush();
        return 0;
    }

    /** Ends the node's sessions once its instances are dead, so that its locks move after lock-delay from now. */
    private void endSessions(String name) {
        try {
            List<String> ids = new NodeSessionEnd(consul(), kv(), settings().prefix(), name).run();
            out().printf("ended %d session%s of node %s%n", ids.size(), ids.size() == 1 ? "" : "s", name);
        } catch (RuntimeException e) {
            err().printf("could not end the node's sessions (%s): they end when converge's check expires%n",
                    e.getMessage());
            err().flush();
        }
    }

    /** The local agent's node name ({@code Config.NodeName} of {@code /v1/agent/self}), as the operator learns it. */
    private String agentNodeName() {
        try {
            return Json.MAPPER.readTree(consul().sendOk("GET", "/v1/agent/self", null).body())
                    .path("Config").path("NodeName").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("/v1/agent/self: unreadable answer", e);
        }
    }
}
