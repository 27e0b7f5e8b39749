package io.converge.app;

import io.converge.consul.ConsulConnection;
import io.converge.kernel.NodeIdentity;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Learns this node's name, address and meta from the local agent ({@code /v1/agent/self}). */
final class NodeIdentities {
    private static final Logger LOG = Logger.getLogger(NodeIdentities.class);

    private NodeIdentities() {
    }

    /** Asks the agent, retrying with backoff (1 s doubling to 30 s) until it answers. */
    static NodeIdentity await(ConsulConnection consul, Optional<String> nameOverride) throws InterruptedException {
        long delay = 1000;
        while (true) {
            try {
                return of(consul.agentSelf(), nameOverride);
            } catch (RuntimeException e) {
                LOG.warnf("consul agent %s not reachable (%s); retrying in %d ms", consul.settings(), e.getMessage(),
                        delay);
                Thread.sleep(delay);
                delay = Math.min(delay * 2, 30_000);
            }
        }
    }

    static NodeIdentity of(JsonObject self, Optional<String> nameOverride) {
        JsonObject config = self.getJsonObject("Config", new JsonObject());
        JsonObject member = self.getJsonObject("Member", new JsonObject());
        Map<String, String> meta = new HashMap<>();
        self.getJsonObject("Meta", new JsonObject()).forEach(e -> meta.put(e.getKey(), String.valueOf(e.getValue())));
        String name = nameOverride.filter(n -> !n.isBlank()).orElse(config.getString("NodeName"));
        return new NodeIdentity(name, member.getString("Addr", "127.0.0.1"), meta);
    }
}
