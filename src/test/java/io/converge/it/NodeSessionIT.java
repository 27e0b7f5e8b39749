package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 3, item 1 (groundwork): every `converge run` holds one Consul session bound to serfHealth and to a check
 * of its own (a TTL check it passes; with handover-grace 0, TTL 3 check intervals), with the configured lock-delay; it is created again when lost, and lost when
 * converge dies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeSessionIT extends ItBase {

    private List<JsonNode> sessions() throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode s : consul.nodeSessions(node)) {
            if (("converge:" + prefix + ":" + node).equals(s.path("Name").asText())) {
                mine.add(s);
            }
        }
        return mine;
    }

    private String liveCheck() {
        return "converge-alive-" + prefix.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private ConvergeProcess startConverge(String suffix) throws Exception {
        Map<String, String> props = new LinkedHashMap<>(ConvergeProcess.props(consul, prefix));
        props.put("converge.placement.live-check-interval", "1s");
        props.put("converge.placement.lock-delay", "7s");
        props.put("converge.placement.fence-after", "4s");
        props.put("converge.placement.fence-kill-budget", "2s");
        return new ConvergeProcess(node + suffix, props).start();
    }

    @Test
    @Order(1)
    void theNodeHoldsOneSessionBoundToSerfHealthAndItsOwnLivenessCheck() throws Exception {
        String registration = "converge.run." + prefix.replaceAll("[^A-Za-z0-9_-]", "-");
        await().atMost(EVENTUALLY).until(() -> consul.agentService(registration).isPresent());
        converge.stop();
        assertThat(consul.agentService(registration)).as("a graceful stop removes converge's registration").isEmpty();
        converge = startConverge("-s1");
        await().atMost(EVENTUALLY).until(() -> sessions().size() == 1
                && sessions().get(0).path("LockDelay").asLong() == 7_000_000_000L);
        JsonNode s = sessions().get(0);
        assertThat(s.path("NodeChecks").toString()).isEqualTo("[\"serfHealth\"]");
        assertThat(s.path("ServiceChecks").toString()).contains(liveCheck());
        JsonNode self = consul.agentService(registration).orElseThrow();
        assertThat(self.path("Service").asText()).isEqualTo("converge");
        assertThat(self.path("Meta").path("converge-prefix").isMissingNode())
                .as("never taken for an instance of a Service").isTrue();
        await().atMost(EVENTUALLY).until(() -> consul.checkStatus(liveCheck()).filter("passing"::equals)
                .isPresent());
    }

    @Test
    @Order(2)
    void aLostSessionIsCreatedAgainAtOnce() throws Exception {
        String before = sessions().get(0).path("ID").asText();
        consul.destroySession(before);
        await().atMost(EVENTUALLY).until(() -> sessions().size() == 1
                && !sessions().get(0).path("ID").asText().equals(before));
    }

    @Test
    @Order(3)
    void whenConvergeDiesItsSessionEndsAndARestartedConvergeHoldsOneAgain() throws Exception {
        converge.kill();
        await().atMost(EVENTUALLY).until(() -> consul.checkStatus(liveCheck()).filter("critical"::equals)
                .isPresent() && sessions().isEmpty());
        converge = startConverge("-s3");
        await().atMost(EVENTUALLY).until(() -> sessions().size() == 1);
        putAndAwaitRunning(service("withsession"));
    }

    @Test
    @Order(4)
    void aSecondConvergeWithAnotherPrefixOnTheSameNodeKeepsItsOwnSessionAndCheck() throws Exception {
        String mine = sessions().get(0).path("ID").asText();
        try (ConvergeProcess other = new ConvergeProcess(node + "-other",
                ConvergeProcess.props(consul, prefix + "-other")).start()) {
            await().atMost(EVENTUALLY).until(() -> other.log().contains("node session converge:" + prefix
                    + "-other:" + node + ": created session"));
            assertThat(sessions()).extracting(s -> s.path("ID").asText()).containsExactly(mine);
            assertThat(consul.checkStatus(liveCheck())).contains("passing");
        }
    }
}
