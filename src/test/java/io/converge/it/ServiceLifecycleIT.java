package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A Service through its life against real Consul and Docker: put, update, drift, delete, orphans, foreigners. */
class ServiceLifecycleIT extends ItBase {

    @Test
    void putBecomesARunningRegisteredPassingContainerWithStatus() throws Exception {
        ObjectNode doc = service("web");
        spec(doc).putObject("env").put("GREETING", "hi");
        spec(doc).putObject("meta").put("owner", "ops");
        put(doc);
        JsonNode status = awaitStatus("web", s -> "Running".equals(s.path("phase").asText()));

        assertThat(Docker.running(container("web"))).isTrue();
        assertThat(Docker.inspect(container("web"), "{{index .Config.Labels \"io.converge.managed\"}}"))
                .contains("true");
        assertThat(Docker.inspect(container("web"), "{{json .Config.Env}}").orElseThrow()).contains("GREETING=hi");
        JsonNode registration = consul.agentService("converge-web").orElseThrow();
        assertThat(registration.path("Service").asText()).isEqualTo("web");
        assertThat(registration.path("Tags").toString()).contains("it").contains("running");
        assertThat(registration.path("Meta").path("owner").asText()).isEqualTo("ops");
        assertThat(registration.path("Meta").path("converge-generation").asLong())
                .isEqualTo(consul.kvModifyIndex(specKey("web")));
        assertThat(consul.health("converge-web")).contains("passing");
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(consul.kvModifyIndex(specKey("web")));
        assertThat(condition(status, "Valid")).isEqualTo("True");
        assertThat(condition(status, "Healthy")).isEqualTo("True");
        assertThat(status.path("nodes").path(node).path("role").asText()).isEqualTo("active");
        assertThat(status.path("appliedSpec").path("image").asText()).isEqualTo(Docker.TEST_IMAGE);
    }

    @Test
    void aChangedSpecReplacesTheContainer() throws Exception {
        ObjectNode doc = service("upd");
        String before = putAndAwaitRunning(doc);
        spec(doc).putObject("env").put("VERSION", "2");
        put(doc);
        long generation = consul.kvModifyIndex(specKey("upd"));
        awaitStatus("upd", s -> s.path("observedGeneration").asLong() == generation
                && "Running".equals(s.path("phase").asText()));
        String after = Docker.id(container("upd")).orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(Docker.inspect(container("upd"), "{{json .Config.Env}}").orElseThrow()).contains("VERSION=2");
        assertThat(Docker.id(before)).isEmpty();
    }

    @Test
    void aChangeOfTagsReRegistersWithoutReplacingTheContainer() throws Exception {
        ObjectNode doc = service("tags");
        String before = putAndAwaitRunning(doc);
        spec(doc).putArray("tags").add("it").add("blue");
        put(doc);
        await().atMost(EVENTUALLY).until(() -> consul.agentService("converge-tags").orElseThrow()
                .path("Tags").toString().contains("blue"));
        assertThat(Docker.id(container("tags"))).contains(before);
    }

    @Test
    void aContainerRemovedOrStoppedByHandIsPutBack() throws Exception {
        String first = putAndAwaitRunning(service("drift"));
        Docker.run("rm", "-f", container("drift"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Docker.running(container("drift")));
        String second = Docker.id(container("drift")).orElseThrow();
        assertThat(second).isNotEqualTo(first);

        Docker.run("stop", container("drift"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Docker.running(container("drift")));
        assertThat(Docker.id(container("drift"))).contains(second);
    }

    @Test
    void deletingTheSpecRemovesContainerRegistrationAndStatus() throws Exception {
        putAndAwaitRunning(service("gone"));
        assertThat(consul.agentService("converge-gone")).isPresent();
        consul.kvDelete(specKey("gone"));
        await().atMost(EVENTUALLY).until(() -> Docker.id(container("gone")).isEmpty()
                && consul.agentService("converge-gone").isEmpty() && status("gone").isEmpty());
    }

    @Test
    void orphansAreRemovedAndForeignContainersAndRegistrationsAreNeverTouched() throws Exception {
        String orphan = "converge-orphan-" + node;
        String foreign = "foreign-" + node;
        String otherConverge = "other-prefix-" + node;
        Docker.run("run", "-d", "--name", orphan, "--label", "io.converge.managed=true", "--label",
                "io.converge.service=orphan", "--label", "io.converge.node=" + node, "--label",
                "io.converge.prefix=" + prefix, Docker.TEST_IMAGE);
        Docker.run("run", "-d", "--name", foreign, "--label", "io.converge.node=" + node, "--label",
                "io.converge.service=orphan", Docker.TEST_IMAGE);
        Docker.run("run", "-d", "--name", otherConverge, "--label", "io.converge.managed=true", "--label",
                "io.converge.service=orphan", "--label", "io.converge.node=" + node, "--label",
                "io.converge.prefix=another/converge", Docker.TEST_IMAGE);
        consul.agentRegister("{\"ID\": \"converge-handmade\", \"Name\": \"handmade\", \"Port\": 1}");
        try {
            // a fresh start looks at every container and registration it might own
            converge.stop();
            converge = new ConvergeProcess(node + "-again", ConvergeProcess.props(consul, prefix)).start();
            await().atMost(EVENTUALLY).until(() -> Docker.id(orphan).isEmpty());
            // a spec with the foreign containers' service name does not take them over either
            putAndAwaitRunning(service("orphan"));
            assertThat(Docker.running(foreign)).as("no managed label").isTrue();
            assertThat(Docker.running(otherConverge)).as("another converge's (other KV prefix)").isTrue();
            assertThat(consul.agentService("converge-handmade")).as("registered by hand, not by converge")
                    .isPresent();
        } finally {
            Docker.run("rm", "-f", foreign, otherConverge);
        }
    }

    @Test
    void volumesPortsAndEnvReachTheContainer() throws Exception {
        java.nio.file.Path www = java.nio.file.Files.createTempDirectory("converge-it-www");
        java.nio.file.Files.writeString(www.resolve("index.html"), "served from a volume\n");
        java.nio.file.Files.writeString(www.resolve("healthz"), "ok\n");
        int port = ConsulAgent.freePort();
        ObjectNode doc = service("vol");
        ((ObjectNode) spec(doc).get("ports").get(0)).put("hostPort", port);
        spec(doc).putArray("volumes").addObject().put("source", www.toString()).put("target", "/www")
                .put("readOnly", true);
        spec(doc).putObject("resources").put("memoryMB", 64).put("cpus", 0.5);
        putAndAwaitRunning(doc);

        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("served from a volume\n");
        assertThat(Docker.inspect(container("vol"), "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"))
                .contains((64L * 1024 * 1024) + " 500000000");
        JsonNode registration = consul.agentService("converge-vol").orElseThrow();
        assertThat(registration.path("Port").asInt()).as("registered on the host port").isEqualTo(port);
        assertThat(registration.path("Address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void aFailingNodeCheckOfSomeoneElseDoesNotHoldInstancesInStarting() throws Exception {
        // a TTL check starts critical: a node-level check that is failing the whole time
        consul.agentRegisterCheck("{\"ID\": \"someone-elses\", \"Name\": \"node check\", \"TTL\": \"1h\"}");
        try {
            putAndAwaitRunning(service("nodecheck"));
            assertThat(consul.aggregateHealth("converge-nodecheck")).as("the agent's aggregate counts the node check")
                    .contains("critical");
            assertThat(consul.health("converge-nodecheck")).contains("passing");
        } finally {
            consul.agentDeregisterCheck("someone-elses");
        }
    }
}
