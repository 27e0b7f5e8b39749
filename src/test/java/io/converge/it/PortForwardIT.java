package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PortForwards end to end with real packets: a real Consul agent, a real {@code converge run} whose firewall lives
 * in the rig's node namespace, and backends in namespaces of their own whose instances are registered in Consul with
 * TTL checks (so that the test sets their health). A client namespace connects to the node's WAN address. Each test
 * uses its own services and ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortForwardIT {
    static final Duration EVENTUALLY = Duration.ofSeconds(20);
    static final Duration PROBE = Duration.ofSeconds(2);

    ConsulAgent consul;
    ConvergeProcess converge;
    NetRig rig;
    String node;
    String prefix;
    private int restarts;

    @BeforeAll
    void start() throws Exception {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        node = "it-pf-" + id;
        prefix = "it/pf-" + id;
        rig = NetRig.create();
        for (int i = 0; i < 3; i++) {
            rig.backend(i);
        }
        consul = new ConsulAgent(node);
        consul.start();
        converge = new ConvergeProcess(node, props()).start();
    }

    private Map<String, String> props() {
        Map<String, String> p = ConvergeProcess.props(consul, prefix);
        p.put("converge.dnat.enabled", "true");
        p.put("converge.dnat.netns", rig.node());
        p.put("converge.dnat.wan-addresses", rig.wan4() + "," + rig.wan6());
        return p;
    }

    @BeforeEach
    void up() throws Exception {
        consul.ensureRunning();
        if (!converge.alive()) {
            converge = new ConvergeProcess(node + "-" + (++restarts), props()).start();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (converge != null) {
            converge.stop();
        }
        if (consul != null) {
            consul.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    /** Registers an instance of {@code service} on backend {@code i} with a passing TTL check; returns its check id. */
    String instance(String service, int i, int port, String extra) throws Exception {
        NetRig.Host b = rig.backend(i);
        String id = service + "-" + b.name();
        consul.agentRegister("{\"ID\":\"" + id + "\",\"Name\":\"" + service + "\",\"Address\":\"" + b.v4()
                + "\",\"Port\":" + port + extra + ",\"Check\":{\"CheckID\":\"" + id + "-ttl\",\"TTL\":\"30m\","
                + "\"Status\":\"passing\"}}");
        return id + "-ttl";
    }

    void forward(String name, String spec) throws Exception {
        consul.kvPut(prefix + "/specs/portforwards/" + name, "{\"apiVersion\":\"converge/v1\",\"kind\":\"PortForward\","
                + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}");
    }

    Optional<JsonNode> status(String name) throws Exception {
        return consul.kvJson(prefix + "/status/portforwards/" + name);
    }

    Optional<String> get(int port) {
        return rig.curl("http://" + rig.wan4() + ":" + port + "/", PROBE);
    }

    void awaitAnswer(int port, String backend) {
        await().atMost(EVENTUALLY).until(() -> get(port).filter(backend::equals).isPresent());
    }

    @Test
    void aConnectionReachesThePassingInstanceAndACriticalCheckRemovesIt() throws Exception {
        String check = instance("web1", 0, NetRig.HTTP_PORT, "");
        forward("web1", "{\"service\":\"web1\",\"port\":8081}");
        awaitAnswer(8081, "b0");
        // the status is written after the apply that let the connection through
        await().atMost(EVENTUALLY).until(() -> status("web1").map(s -> s.path("nodes").path(node).path("phase")
                .asText().equals("Running")).orElse(false));
        JsonNode here = status("web1").orElseThrow().path("nodes").path(node);
        assertThat(here.path("backends").toString()).contains(rig.backend(0).v4() + ":80");
        assertThat(here.path("installed").asBoolean()).isTrue();
        consul.agentPut("/v1/agent/check/fail/" + check);
        await().atMost(EVENTUALLY).until(() -> get(8081).isEmpty());
        await().atMost(EVENTUALLY).until(() -> status("web1").orElseThrow().path("phase").asText().equals("Pending"));
    }

    @Test
    void twoPassingInstancesAreBothReached() throws Exception {
        instance("web2", 0, NetRig.HTTP_PORT, "");
        instance("web2", 1, NetRig.HTTP_PORT, "");
        forward("web2", "{\"service\":\"web2\",\"port\":8082}");
        await().atMost(EVENTUALLY).until(() -> status("web2").map(s -> s.path("nodes").path(node).path("backends")
                .size() == 2).orElse(false));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 40 && seen.size() < 2; i++) {
            get(8082).ifPresent(seen::add);
        }
        assertThat(seen).containsExactlyInAnyOrder("b0", "b1");
    }

    @Test
    void udpMovesToTheNewBackendWhenTheOldOneLeaves() throws Exception {
        String first = instance("dns3", 0, NetRig.UDP_PORT, "");
        forward("dns3", "{\"service\":\"dns3\",\"port\":5300,\"protocol\":\"udp\"}");
        int source = 40000 + ThreadLocalRandom.current().nextInt(1000);
        await().atMost(EVENTUALLY).until(() -> rig.udp(rig.wan4(), 5300, "q", PROBE, source)
                .filter("b0"::equals).isPresent());
        instance("dns3", 1, NetRig.UDP_PORT, "");
        consul.agentPut("/v1/agent/check/fail/" + first);
        await().atMost(EVENTUALLY).until(() -> status("dns3").map(s -> s.path("nodes").path(node).path("backends")
                .toString().contains(rig.backend(1).v4()) && !s.toString().contains(rig.backend(0).v4() + ":"))
                .orElse(false));
        assertThat(rig.udp(rig.wan4(), 5300, "q", PROBE, source)).as("the same client flow now reaches b1")
                .contains("b1");
    }

    @Test
    void sourceRangesRefuseAClientOutsideThem() throws Exception {
        instance("web4", 2, NetRig.HTTP_PORT, "");
        forward("web4", "{\"service\":\"web4\",\"port\":8084,\"sourceRanges\":[\"192.0.2.0/24\",\"2001:db8::/32\"]}");
        await().atMost(EVENTUALLY).until(() -> status("web4").map(s -> s.path("phase").asText().equals("Running"))
                .orElse(false));
        assertThat(get(8084)).as("the client is outside the ranges").isEmpty();
        forward("web4", "{\"service\":\"web4\",\"port\":8084,\"sourceRanges\":[\"" + rig.client4() + "/32\"]}");
        awaitAnswer(8084, "b2");
    }

    @Test
    void aPlainConsulServiceTaggedExportIsForwardedOnItsWanPort() throws Exception {
        instance("legacy5", 1, NetRig.HTTP_PORT, ",\"Tags\":[\"export\"],\"Meta\":{\"wan-port\":\"8085\"}");
        awaitAnswer(8085, "b1");
        consul.agentPut("/v1/agent/service/deregister/legacy5-b1");
        await().atMost(EVENTUALLY).until(() -> get(8085).isEmpty());
    }

    @Test
    void anIpv6ClientReachesAnIpv6Instance() throws Exception {
        NetRig.Host b = rig.backend(2);
        consul.agentRegister("{\"ID\":\"web6-v6\",\"Name\":\"web6\",\"Address\":\"" + b.v6() + "\",\"Port\":80,"
                + "\"Check\":{\"CheckID\":\"web6-v6-ttl\",\"TTL\":\"30m\",\"Status\":\"passing\"}}");
        forward("web6", "{\"service\":\"web6\",\"port\":8086}");
        await().atMost(EVENTUALLY).until(() -> rig.curl("http://[" + rig.wan6() + "]:8086/", PROBE)
                .filter("b2"::equals).isPresent());
    }

    @Test
    void aTableDeletedByHandIsRestoredAndAForeignTableIsNeverTouched() throws Exception {
        rig.exec(rig.node(), "table ip foreign {\n chain pre {\n  type nat hook prerouting priority -50;\n"
                + "  tcp dport 9999 dnat to 10.254.0.1:1 comment \"not converge's\"\n }\n}\n", Duration.ofSeconds(10),
                "nft", "-f", "-").check();
        String foreign = rig.exec(rig.node(), "nft", "list", "table", "ip", "foreign").check().out();
        instance("web7", 0, NetRig.HTTP_PORT, "");
        forward("web7", "{\"service\":\"web7\",\"port\":8087}");
        awaitAnswer(8087, "b0");
        long deleted = System.nanoTime();
        rig.exec(rig.node(), "nft", "delete", "table", "ip", "converge").check();
        await().atMost(EVENTUALLY).until(() -> rig.exec(rig.node(), "nft", "list", "table", "ip", "converge")
                .exitCode() == 0);
        awaitAnswer(8087, "b0");
        System.out.printf("table deleted by hand → traffic restored in %d ms%n", (System.nanoTime() - deleted) / 1_000_000);
        instance("web7", 1, NetRig.HTTP_PORT, "");
        await().atMost(EVENTUALLY).until(() -> status("web7").map(s -> s.path("nodes").path(node).path("backends")
                .size() == 2).orElse(false));
        assertThat(rig.exec(rig.node(), "nft", "list", "table", "ip", "foreign").check().out()).isEqualTo(foreign);
        rig.exec(rig.node(), "nft", "delete", "table", "ip", "foreign").check();
    }

    @Test
    void twoForwardsOnOnePortConflictAndTheFirstKeepsWorking() throws Exception {
        instance("web8", 0, NetRig.HTTP_PORT, "");
        forward("web8", "{\"service\":\"web8\",\"port\":8088}");
        awaitAnswer(8088, "b0");
        forward("web8-dup", "{\"service\":\"web8\",\"port\":8088}");
        await().atMost(EVENTUALLY).until(() -> status("web8-dup").map(s -> s.path("conditions").toString()
                .contains("portforwards/web8")).orElse(false));
        assertThat(status("web8-dup").orElseThrow().path("phase").asText()).isEqualTo("Failed");
        assertThat(get(8088)).contains("b0");
        forward("web8-bad", "{\"service\":\"web8\",\"port\":8089,\"sourceRanges\":[\"10.0.0.1/8\"]}");
        await().atMost(EVENTUALLY).until(() -> status("web8-bad").map(s -> s.path("conditions").toString()
                .contains("/spec/sourceRanges/0")).orElse(false));
        assertThat(get(8089)).isEmpty();
        assertThat(get(8088)).contains("b0");
    }

    @Test
    void trafficKeepsFlowingWhileConvergeIsStopped() throws Exception {
        instance("web9", 1, NetRig.HTTP_PORT, "");
        forward("web9", "{\"service\":\"web9\",\"port\":8090}");
        awaitAnswer(8090, "b1");
        converge.stop();
        assertThat(get(8090)).contains("b1");
        assertThat(rig.exec(rig.node(), "nft", "list", "table", "ip", "converge").check().out()).contains("8090");
    }

    @Test
    void aMissingNftShowsInStatusAndReadinessWithItsOwnWords() throws Exception {
        String otherPrefix = prefix + "-nonft";
        Map<String, String> p = ConvergeProcess.props(consul, otherPrefix);
        p.put("converge.dnat.enabled", "true");
        p.put("converge.dnat.nft", "/nonexistent/nft");
        p.put("converge.dnat.netns", rig.node());
        instance("web10", 2, NetRig.HTTP_PORT, "");
        consul.kvPut(otherPrefix + "/specs/portforwards/web10", "{\"apiVersion\":\"converge/v1\",\"kind\":"
                + "\"PortForward\",\"metadata\":{\"name\":\"web10\"},\"spec\":{\"service\":\"web10\",\"port\":8091}}");
        try (ConvergeProcess broken = new ConvergeProcess(node + "-nonft", p).startWithoutWaiting()) {
            await().atMost(EVENTUALLY).until(() -> consul.kvJson(otherPrefix + "/status/portforwards/web10")
                    .map(s -> s.path("conditions").toString().contains("No such file or directory")).orElse(false));
            JsonNode s = consul.kvJson(otherPrefix + "/status/portforwards/web10").orElseThrow();
            assertThat(s.path("phase").asText()).isEqualTo("Failed");
            assertThat(s.path("nodes").path(node).path("error").asText()).contains("/nonexistent/nft");
            await().atMost(EVENTUALLY).until(() -> broken.health("ready")
                    .filter(b -> b.contains("portforwards-engine") && b.contains("No such file")).isPresent());
        }
        assertThat(get(8091)).isEmpty();
    }
}
