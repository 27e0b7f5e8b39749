package io.converge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One real Consul agent and one real {@code converge run} per test class, on the shared real dockerd. Each class
 * has its own node name, KV prefix and container suffix, so classes never see each other's resources.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ItBase {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration EVENTUALLY = Duration.ofSeconds(30);

    ConsulAgent consul;
    ConvergeProcess converge;
    String node;
    String prefix;
    private int restarts;

    @BeforeAll
    void startEngines() throws Exception {
        String id = getClass().getSimpleName().toLowerCase().replace("it", "") + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        node = "it-" + id;
        prefix = "it/" + id;
        consul = newAgent(node);
        consul.start();
        converge = new ConvergeProcess(node, convergeProps()).start();
    }

    /** The class's Consul agent, not started yet; a class needing more of it (its DNS) says so here. */
    ConsulAgent newAgent(String node) throws java.io.IOException {
        return new ConsulAgent(node);
    }

    /** The properties of the class's converge (also when a test left it dead and the next one restarts it). */
    java.util.Map<String, String> convergeProps() {
        return ConvergeProcess.props(consul, prefix);
    }

    /**
     * Each test starts with an agent that answers and a converge that runs, whatever the test before left behind
     * (a failure between a stop and a start must not fail the next tests of the class).
     */
    @BeforeEach
    void enginesUp() throws Exception {
        consul.ensureRunning();
        if (!converge.alive()) {
            converge = new ConvergeProcess(node + "-" + (++restarts), convergeProps()).start();
        }
    }

    @AfterAll
    void stopEngines() throws Exception {
        if (converge != null) {
            converge.stop();
        }
        Docker.removeNode(node);
        if (consul != null) {
            consul.close();
        }
    }

    String specKey(String name) {
        return prefix + "/specs/services/" + name;
    }

    String statusKey(String name) {
        return prefix + "/status/services/" + name;
    }

    String container(String service) {
        return "converge-" + service + "-" + node;
    }

    /** A valid Service document running the test image; tweak its spec before putting it. */
    static ObjectNode service(String name) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", "converge/v1").put("kind", "Service");
        doc.putObject("metadata").put("name", name);
        ObjectNode spec = doc.putObject("spec");
        spec.put("image", Docker.TEST_IMAGE).put("imagePull", "IfNotPresent");
        spec.putArray("ports").addObject().put("name", "http").put("containerPort", 8080);
        spec.putObject("check").put("http", "/healthz").put("interval", "1s").put("timeout", "1s");
        spec.putArray("tags").add("it");
        return doc;
    }

    static ObjectNode spec(ObjectNode doc) {
        return (ObjectNode) doc.get("spec");
    }

    void put(ObjectNode doc) throws Exception {
        consul.kvPut(specKey(doc.path("metadata").path("name").asText()), JSON.writeValueAsString(doc));
    }

    Optional<JsonNode> status(String name) throws Exception {
        return consul.kvJson(statusKey(name));
    }

    JsonNode awaitStatus(String name, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> {
            Optional<JsonNode> s = status(name);
            last[0] = s.orElse(null);
            return s.isPresent() && condition.test(s.get());
        });
        return last[0];
    }

    static String condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText();
            }
        }
        return "";
    }

    static String conditionMessage(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("message").asText();
            }
        }
        return "";
    }

    /** Puts the service and waits until it runs with its check passing; returns its container id. */
    String putAndAwaitRunning(ObjectNode doc) throws Exception {
        put(doc);
        String name = doc.path("metadata").path("name").asText();
        awaitStatus(name, s -> "Running".equals(s.path("phase").asText()));
        return Docker.id(container(name)).orElseThrow();
    }
}
