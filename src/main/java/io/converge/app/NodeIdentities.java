package io.converge.app;

import io.converge.consul.ConsulConnection;
import io.converge.kernel.Backoff;
import io.converge.kernel.NodeIdentity;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
        for (int failures = 1; ; failures++) {
            try {
                return of(consul.agentSelf(), nameOverride);
            } catch (RuntimeException e) {
                Duration delay = Backoff.RECONNECT.delay(failures);
                LOG.warnf("consul agent %s not reachable (%s); retrying in %s", consul.settings(), e.getMessage(),
                        delay);
                Thread.sleep(delay.toMillis());
            }
        }
    }

    static NodeIdentity of(JsonObject self, Optional<String> nameOverride) {
        JsonObject config = self.getJsonObject("Config", new JsonObject());
        JsonObject member = self.getJsonObject("Member", new JsonObject());
        Map<String, String> meta = new HashMap<>();
        self.getJsonObject("Meta", new JsonObject()).forEach(e -> meta.put(e.getKey(), String.valueOf(e.getValue())));
        Map<String, String> tagged = new HashMap<>();
        config.getJsonObject("TaggedAddresses", self.getJsonObject("DebugConfig", new JsonObject())
                .getJsonObject("TaggedAddresses", new JsonObject()))
                .forEach(e -> tagged.put(e.getKey(), String.valueOf(e.getValue())));
        String name = nameOverride.filter(n -> !n.isBlank()).orElse(config.getString("NodeName"));
        return new NodeIdentity(name, member.getString("Addr", "127.0.0.1"), meta, tagged);
    }
}
