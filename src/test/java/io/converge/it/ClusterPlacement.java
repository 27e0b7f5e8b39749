package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Services of one KV prefix on a {@link DevCluster}, seen from both sides: what converge says (spec, status, lock
 * keys and their sessions) and what runs (the containers in the shared dockerd).
 */
final class ClusterPlacement {
    static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevCluster cluster;
    private final String prefix;

    /** Where a singleton runs: the holder node and its container. */
    record Holder(String node, String containerId) {
    }

    ClusterPlacement(DevCluster cluster) {
        this.cluster = cluster;
        this.prefix = cluster.prefix;
    }

    /** A Service running the test image with an HTTP check, placed by {@code mode} with the given lock-delay. */
    static ObjectNode service(String name, String mode, Duration lockDelay) {
        ObjectNode doc = ItBase.service(name);
        ItBase.spec(doc).putObject("placement").put("mode", mode).put("lockDelay", lockDelay.toSeconds() + "s");
        return doc;
    }

    static ObjectNode placement(ObjectNode doc) {
        return (ObjectNode) doc.path("spec").path("placement");
    }

    void put(ObjectNode doc) throws Exception {
        cluster.kvPut(prefix + "/specs/services/" + doc.path("metadata").path("name").asText(),
                JSON.writeValueAsString(doc));
    }

    /** Deletes a service and waits until its containers and its status are gone. */
    void delete(String name) throws Exception {
        cluster.kvDelete(prefix + "/specs/services/" + name);
        await("deletion of " + name).atMost(EVENTUALLY).ignoreExceptions().until(() -> status(name).isEmpty()
                && Docker.run("ps", "-aq", "--filter", "label=io.converge.service=" + name, "--filter",
                        "label=io.converge.prefix=" + prefix).out().isEmpty());
    }

    String lockKey(String name) {
        return prefix + "/locks/services/" + name;
    }

    String leaderKey() {
        return prefix + "/locks/leader";
    }

    Optional<JsonNode> status(String name) throws Exception {
        return cluster.kvJson(prefix + "/status/services/" + name);
    }

    JsonNode awaitStatus(String name, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Optional<JsonNode> s = status(name);
                last[0] = s.orElse(null);
                return s.isPresent() && condition.test(s.get());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("status of " + name + " never matched; last: " + last[0], e);
        }
        return last[0];
    }

    static String role(JsonNode status, String node) {
        return status.path("nodes").path(node).path("role").asText("");
    }

    static List<String> holders(JsonNode status) {
        List<String> holders = new ArrayList<>();
        status.path("holders").forEach(h -> holders.add(h.asText()));
        return holders;
    }

    /** The Placed condition's message, from the node's own entry when it has conditions, else the document's. */
    static String placedMessage(JsonNode status, String node) {
        JsonNode own = status.path("nodes").path(node).path("conditions");
        for (JsonNode conditions : List.of(own, status.path("conditions"))) {
            for (JsonNode c : conditions) {
                if ("Placed".equals(c.path("type").asText())) {
                    return c.path("message").asText();
                }
            }
        }
        return "";
    }

    /**
     * Waits until the service runs in exactly {@code count} containers on distinct nodes that {@code where} accepts,
     * and status says so: holders are those nodes, each of them active, phase Running. Returns container id → node.
     */
    Map<String, String> awaitPlaced(String name, int count, Predicate<String> where) {
        Map<String, String> found = new TreeMap<>();
        String[] seen = new String[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Map<String, String> running = Sampler.running(name, prefix);
                Optional<JsonNode> status = status(name);
                seen[0] = "running " + running + ", status " + status.orElse(null);
                Set<String> nodes = new TreeSet<>(running.values());
                if (running.size() != count || nodes.size() != count || status.isEmpty()
                        || !nodes.stream().allMatch(where)) {
                    return false;
                }
                JsonNode s = status.get();
                List<String> holders = holders(s);
                if (holders.size() == count && new TreeSet<>(holders).equals(nodes)
                        && nodes.stream().allMatch(n -> "active".equals(role(s, n)))
                        && "Running".equals(s.path("phase").asText())) {
                    found.putAll(running);
                    return true;
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": never " + count + " running with matching status; last seen: "
                    + seen[0], e);
        }
        return found;
    }

    /** {@link #awaitPlaced} for a singleton. */
    Holder awaitSingleton(String name, Predicate<String> where) {
        var only = awaitPlaced(name, 1, where).entrySet().iterator().next();
        return new Holder(only.getValue(), only.getKey());
    }

    /** The singleton still runs in the same one container and status still names the same holder. */
    boolean unchanged(String name, Holder holder) throws Exception {
        Map<String, String> running = Sampler.running(name, prefix);
        Optional<JsonNode> status = status(name);
        return running.equals(Map.of(holder.containerId(), holder.node())) && status.isPresent()
                && holders(status.get()).equals(List.of(holder.node()));
    }

    /** The key is held by the node's own node session, and its value names that node and session. */
    void assertHeldBy(String key, String node) throws Exception {
        String session = cluster.kvSession(key).orElseThrow(() -> new AssertionError(key + " is not held"));
        JsonNode info = cluster.session(session).orElseThrow(() -> new AssertionError("no session " + session));
        assertThat(info.path("Node").asText()).as("node of the session holding %s", key).isEqualTo(node);
        assertThat(info.path("Name").asText()).as("the node session").isEqualTo("converge:" + prefix + ":" + node);
        JsonNode value = cluster.kvJson(key).orElseThrow();
        assertThat(value.path("node").asText()).as("%s names its holder", key).isEqualTo(node);
        assertThat(value.path("session").asText()).as("%s names its holder's session", key).isEqualTo(session);
    }

    /** The node named in a lock key's value (its holder, or its last holder once released). */
    String holderOf(String key) throws Exception {
        return cluster.kvJson(key).map(v -> v.path("node").asText()).orElse("");
    }

    /** Waits until every node of the cluster holds its node session (a restarted converge has made its own). */
    void awaitNodeSessions() {
        await("node sessions of all nodes").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    for (int i = 1; i <= cluster.nodes; i++) {
                        if (cluster.nodeSession(i).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                });
    }
}
