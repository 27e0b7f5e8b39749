package io.converge.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerSpecsTest {
    private static final String BASE = """
            {"image": "busybox:1.36", "command": ["/bin/sh"], "args": ["-c", "httpd -f"],
             "env": {"B": "2", "A": "1"},
             "ports": [{"name": "http", "containerPort": 8080, "hostPort": 18080}],
             "volumes": [{"source": "/srv/web", "target": "/data", "readOnly": true}],
             "resources": {"memoryMB": 256, "cpus": 0.5},
             "placement": {"mode": "singleton"}, "check": {"http": "/healthz"},
             "tags": ["web"], "meta": {"owner": "ops"}}""";

    private static ObjectNode base() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(BASE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceSpec spec(Consumer<ObjectNode> edit) {
        ObjectNode node = base();
        edit.accept(node);
        return ServiceSpec.from(node);
    }

    @Test
    void containerNamesWithAndWithoutTheNodeSuffix() {
        assertThat(ContainerSpecs.containerName("web", "node-a", false)).isEqualTo("converge-web");
        assertThat(ContainerSpecs.containerName("web", "node-a", true)).isEqualTo("converge-web-node-a");
        assertThat(ContainerSpecs.containerName("web", "Node 1/b:c;d", true)).isEqualTo("converge-web-Node_1_b_c_d");
        assertThat(ContainerSpecs.containerName("web", "n1.dc_2", true)).isEqualTo("converge-web-n1.dc_2");
        assertThat(ContainerSpecs.registrationId("web")).isEqualTo("converge-web");
    }

    @Test
    void mapsTheSpecOntoTheContainer() {
        ServiceSpec s = spec(n -> { });
        ContainerSpec c = ContainerSpecs.from("web", s, new Owner("node-a", "converge"), true);
        assertThat(c.name()).isEqualTo("converge-web-node-a");
        assertThat(c.image()).isEqualTo("busybox:1.36");
        assertThat(c.entrypoint()).containsExactly("/bin/sh");
        assertThat(c.cmd()).containsExactly("-c", "httpd -f");
        assertThat(c.env()).isEqualTo(Map.of("A", "1", "B", "2"));
        assertThat(c.ports()).containsExactly(new ServiceSpec.Port("http", 8080, 18080, "tcp"));
        assertThat(c.volumes()).containsExactly(new ServiceSpec.Volume("/srv/web", "/data", true));
        assertThat(c.hostNetwork()).isFalse();
        assertThat(c.memoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(c.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "io.converge.managed", "true", "io.converge.service", "web", "io.converge.node", "node-a",
                "io.converge.prefix", "converge", "io.converge.spec-hash", ContainerSpecs.specHash(s),
                "io.converge.placement", "singleton"));
    }

    @Test
    void noResourcesMeansNoLimitsAndHostNetworkIsCarried() {
        ContainerSpec c = ContainerSpecs.from("web", spec(n -> {
            n.remove("resources");
            n.put("network", "host");
        }), new Owner("node-a", "converge"), false);
        assertThat(c.memoryBytes()).isNull();
        assertThat(c.nanoCpus()).isNull();
        assertThat(c.hostNetwork()).isTrue();
        Owner owner = new Owner("n", "converge");
        assertThat(ContainerSpecs.from("web", spec(n -> n.withObject("/resources").put("cpus", 2.25)), owner, false)
                .nanoCpus()).isEqualTo(2_250_000_000L);
    }

    @Test
    void theHashIsShortHexAndStable() {
        String hash = ContainerSpecs.specHash(spec(n -> { }));
        assertThat(hash).matches("[0-9a-f]{16}");
        assertThat(ContainerSpecs.specHash(spec(n -> { }))).isEqualTo(hash);
        ServiceSpec reordered = spec(n -> n.set("env", Json.MAPPER.createObjectNode().put("A", "1").put("B", "2")));
        assertThat(ContainerSpecs.specHash(reordered)).as("env order does not matter").isEqualTo(hash);
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("image", true, (Consumer<ObjectNode>) n -> n.put("image", "busybox:1.37")),
                Arguments.of("env value", true, (Consumer<ObjectNode>) n -> n.withObject("/env").put("A", "9")),
                Arguments.of("env added", true, (Consumer<ObjectNode>) n -> n.withObject("/env").put("C", "3")),
                Arguments.of("container port", true,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("ports").get(0)).put("containerPort", 8081)),
                Arguments.of("host port", true,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("ports").get(0)).put("hostPort", 18081)),
                Arguments.of("volume readOnly", true,
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("volumes").get(0)).put("readOnly", false)),
                Arguments.of("args", true, (Consumer<ObjectNode>) n -> n.withArray("args").add("-v")),
                Arguments.of("network", true, (Consumer<ObjectNode>) n -> n.put("network", "host")),
                Arguments.of("memory", true,
                        (Consumer<ObjectNode>) n -> n.withObject("/resources").put("memoryMB", 512)),
                Arguments.of("tags", false, (Consumer<ObjectNode>) n -> n.withArray("tags").add("export")),
                Arguments.of("meta", false, (Consumer<ObjectNode>) n -> n.withObject("/meta").put("web-host", "x.jp")),
                Arguments.of("check", false, (Consumer<ObjectNode>) n -> n.withObject("/check").put("interval", "1s")),
                Arguments.of("check removed", false, (Consumer<ObjectNode>) n -> n.remove("check")),
                Arguments.of("placement", false,
                        (Consumer<ObjectNode>) n -> n.withObject("/placement").put("mode", "every")),
                Arguments.of("placement nodes", false,
                        (Consumer<ObjectNode>) n -> n.withObject("/placement").putArray("nodes").add("node-b")));
    }

    @ParameterizedTest(name = "{0} changes the hash: {1}")
    @MethodSource("edits")
    void theHashFollowsWhatShapesTheContainerOnly(String field, boolean changes, Consumer<ObjectNode> edit) {
        String before = ContainerSpecs.specHash(spec(n -> { }));
        String after = ContainerSpecs.specHash(spec(edit));
        if (changes) {
            assertThat(after).isNotEqualTo(before);
        } else {
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void defaultsAreAppliedWhenReadingASpec() {
        ServiceSpec s = ServiceSpec.from(Json.MAPPER.createObjectNode().put("image", "busybox"));
        assertThat(s.imagePull()).isEqualTo("IfNotPresent");
        assertThat(s.network()).isEqualTo("bridge");
        assertThat(s.placement().mode()).isEqualTo("singleton");
        assertThat(List.of(s.command(), s.args(), s.ports(), s.volumes(), s.tags())).allMatch(List::isEmpty);
    }
}
