package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery between containers (SPEC §6.5, docs/discovery.md) against a real Consul agent serving DNS (passing
 * instances only), dockerd and the dnsmasq forwarder of deploy/dev/container-dns.sh: a container converge started
 * resolves {@code <svc>.service.consul} through converge.containers.dns and reaches that service's httpd; a
 * service failing its check leaves the answer; other names go to the upstream resolvers.
 */
class DiscoveryIT extends ItBase {
    private static final Duration CHECK_TURNS = Duration.ofSeconds(15);

    private final ContainerDnsRig dns;

    DiscoveryIT() throws Exception {
        dns = ContainerDnsRig.pick();
    }

    @Override
    ConsulAgent newAgent(String node) throws java.io.IOException {
        return new ConsulAgent(node).withDns();
    }

    @Override
    Map<String, String> convergeProps() {
        Map<String, String> p = new java.util.LinkedHashMap<>(super.convergeProps());
        p.put("converge.containers.dns", dns.address());
        p.put("converge.containers.dns-search", "service.consul");
        return p;
    }

    @BeforeAll
    void startForwarder() throws Exception {
        dns.start(consul.dnsPort());
    }

    @AfterAll
    void stopForwarder() throws Exception {
        dns.close();
    }

    @Test
    void aContainerResolvesAnotherServiceByNameAndGetsItsReply() throws Exception {
        putAndAwaitRunning(service("b"));
        putAndAwaitRunning(service("a"));
        assertThat(Docker.inspect(container("a"), "{{json .HostConfig.Dns}} {{json .HostConfig.DnsSearch}}"))
                .contains("[\"" + dns.address() + "\"] [\"service.consul\"]");

        String b = ip(container("b"));
        await().atMost(CHECK_TURNS).until(() -> lookup(container("a"), "b.service.consul").equals(List.of(b)));
        // an HTTP request by hand to the address nslookup gave: the test image's static busybox has no NSS, so its
        // wget cannot resolve (nor even parse an address); images with a libc resolve through resolv.conf as usual
        Docker.Result reply = Docker.run("exec", container("a"), "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 5 " + b + " 8080");
        assertThat(reply.out()).startsWith("HTTP/1.1 200 OK").endsWith("converge test image");
    }

    @Test
    void aServiceFailingItsCheckLeavesTheAnswerAndComesBackWhenItPasses() throws Exception {
        putAndAwaitRunning(service("flaky"));
        putAndAwaitRunning(service("asker"));
        String flaky = ip(container("flaky"));
        await().atMost(CHECK_TURNS).until(() -> lookup(container("asker"), "flaky.service.consul")
                .equals(List.of(flaky)));

        Docker.run("exec", container("flaky"), "busybox", "rm", "/www/healthz");
        await().atMost(CHECK_TURNS).pollInterval(Duration.ofMillis(200))
                .until(() -> lookup(container("asker"), "flaky.service.consul").isEmpty());
        assertThat(Docker.running(container("flaky"))).as("still running, only its check fails").isTrue();

        Docker.run("exec", container("flaky"), "sh", "-c", "echo ok >/www/healthz");
        await().atMost(CHECK_TURNS).pollInterval(Duration.ofMillis(200))
                .until(() -> lookup(container("asker"), "flaky.service.consul").equals(List.of(flaky)));
    }

    @Test
    void otherNamesGoToTheUpstreamResolvers() throws Exception {
        putAndAwaitRunning(service("outward"));
        assertThat(lookup(container("outward"), ContainerDnsRig.UPSTREAM_NAME))
                .containsExactly(ContainerDnsRig.UPSTREAM_ADDRESS);
        assertThat(lookup(container("outward"), "nowhere.converge-it.test")).isEmpty();
    }

    @Test
    void aHostNetworkContainerKeepsTheHostsResolvConf() throws Exception {
        int port = ConsulAgent.freePort();
        ObjectNode doc = service("hostnet");
        spec(doc).put("network", "host");
        ((ObjectNode) spec(doc).get("ports").get(0)).put("containerPort", port);
        spec(doc).putObject("env").put("PORT", Integer.toString(port));
        putAndAwaitRunning(doc);
        assertThat(Docker.inspect(container("hostnet"), "{{json .HostConfig.Dns}}").orElseThrow())
                .isIn("null", "[]");
        Docker.Result resolvConf = Docker.run("exec", container("hostnet"), "cat", "/etc/resolv.conf");
        assertThat(resolvConf.out()).isEqualTo(java.nio.file.Files.readString(java.nio.file.Path.of(
                "/etc/resolv.conf")).trim());
    }

    private static String ip(String container) throws Exception {
        return Docker.inspect(container, "{{.NetworkSettings.IPAddress}}").orElseThrow();
    }

    /** The IPv4 addresses the container's resolver gives for {@code name} (busybox nslookup); empty: none. */
    private static List<String> lookup(String container, String name) throws Exception {
        Docker.Result r = Docker.run("exec", container, "busybox", "nslookup", "-type=a", name);
        List<String> addresses = new ArrayList<>();
        boolean answer = false;
        for (String line : r.out().split("\n")) {
            answer |= line.startsWith("Name:");
            if (answer && line.startsWith("Address:")) {
                addresses.add(line.substring("Address:".length()).trim());
            }
        }
        return addresses;
    }
}
