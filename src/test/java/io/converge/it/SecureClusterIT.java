package io.converge.it;

import static io.converge.it.ClusterPlacement.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.it.ClusterPlacement.Holder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11 item 6: the installation of docs/install.md, on loopback. {@code cluster.sh} with
 * {@code CLUSTER_SECURE=1} (3 Consul servers and 3 clients with TLS on RPC and HTTPS only, client certificates
 * required, gossip encryption, ACLs defaulting to deny; clients in two sites) runs one converge per client with
 * nothing but Consul's standard variables and its own token (policies deploy/consul/acl/converge-policy.hcl +
 * converge-node-policy.hcl). The tests show that the token is all converge has and all it needs: a singleton runs
 * and fails over, never two, as the systemd unit's {@code ExecStopPost=converge fence} does it after a crash, and
 * when the holder's host is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterIT {
    /**
     * {@code converge fence} (a JVM start) must end the old instance within lock-delay after a kill -9. On this
     * shared 2-core machine it took 7 to 28 s under a load of 13-20 (printed as a figure; at 20 s lock-delay one run
     * had two instances for 1.5 s): the default 15 s is a race here. This test is about TLS and ACLs, so it gives
     * the fence room; the fence's start-up time is a matter of its own (the SPEC's quarter-second CLI).
     */
    private static final Duration LOCK_DELAY = Duration.ofSeconds(30);
    private static final Duration FENCE_AFTER = Duration.ofSeconds(6);
    private static final Duration KILL_BUDGET = Duration.ofSeconds(2);
    private static final Path LAUNCHER = Path.of("bin", "converge").toAbsolutePath();
    private static final Path APP = Path.of(System.getProperty("converge.it.app",
            "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().getParent();

    private DevCluster cluster;
    private ClusterPlacement pl;
    private final String name = "secure-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));

    @BeforeAll
    void startCluster() throws Exception {
        // the KV prefix the shipped policy grants (key_prefix "converge/"): this cluster has its own servers
        cluster = new DevCluster("127.0.4", "sc", "converge", 3,
                "-Dconverge.placement.lock-delay=" + LOCK_DELAY.toSeconds() + "s"
                        + " -Dconverge.placement.fence-after=" + FENCE_AFTER.toSeconds() + "s"
                        + " -Dconverge.placement.fence-kill-budget=" + KILL_BUDGET.toSeconds() + "s"
                        + " -Dconverge.docker.stop-grace=2s").secure().sites("tokyo tokyo osaka");
        pl = new ClusterPlacement(cluster);
        cluster.up();
        pl.awaitNodeSessions();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.down();
        }
    }

    @Test
    @Order(1)
    void eachConvergeHasOnlyItsOwnLeastPrivilegeTokenAndTheAgentsOnlyHttpsWithClientCertificates() throws Exception {
        for (int i = 1; i <= 3; i++) {
            Map<String, String> env = processEnv(cluster.pid("converge-" + i));
            assertThat(env.get("CONSUL_HTTP_ADDR")).isEqualTo("https://" + cluster.clientHttp(i));
            assertThat(env.get("CONSUL_HTTP_TOKEN")).as("converge %d runs with its own token", i)
                    .isEqualTo(token(i)).isNotEqualTo(cluster.managementToken().orElseThrow());
        }
        String token1 = token(1);
        assertThat(cluster.requestAs(null, "GET", "/v1/kv/converge/locks/leader", null).statusCode())
                .as("the anonymous token reads nothing under converge/").isEqualTo(403);
        assertThat(cluster.requestAs(token1, "GET", "/v1/kv/converge/locks/leader", null).statusCode())
                .as("converge's token reads its keys").isEqualTo(200);
        assertThat(cluster.requestAs(token1, "PUT", "/v1/kv/other/" + name, "x").statusCode())
                .as("converge's token writes nothing outside converge/").isEqualTo(403);
        assertThat(cluster.requestAs(token1, "PUT", "/v1/session/create",
                "{\"Node\": \"" + cluster.node(2) + "\", \"Name\": \"not-mine\"}").statusCode())
                .as("node 1's token makes no session for node 2").isEqualTo(403);
        assertThat(cluster.requestAs(token1, "GET", "/v1/acl/tokens", null).statusCode())
                .as("converge's token lists no tokens").isEqualTo(403);

        HttpClient noCertificate = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(PemTls.trustOnly(cluster.secureFile("consul-agent-ca.pem"))).build();
        assertThatThrownBy(() -> noCertificate.send(HttpRequest.newBuilder(URI.create("https://"
                + cluster.clientHttp(1) + "/v1/status/leader")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).as("verify_incoming: no client certificate, no answer")
                .isInstanceOf(IOException.class);
    }

    @Test
    @Order(2)
    void aSingletonFailsOverAfterItsConvergeIsKilledAndFencedAsTheSystemdUnitDoes() throws Exception {
        pl.put(ClusterPlacement.service(name, "singleton", LOCK_DELAY));
        Holder old = pl.awaitSingleton(name, node -> true);
        JsonNode status = pl.status(name).orElseThrow();
        for (int i = 1; i <= 3; i++) {
            assertThat(role(status, cluster.node(i))).isEqualTo(cluster.node(i).equals(old.node()) ? "active"
                    : "standby");
        }
        pl.assertHeldBy(pl.lockKey(name), old.node());
        int holder = cluster.index(old.node());
        try (Sampler sampler = Sampler.start(name, cluster.prefix)) {
            long t = sampler.now();
            cluster.killConverge(holder);
            // ExecStopPost: `converge fence` with converge.env, asking the agent (TLS, token) for the node's name
            long f0 = System.nanoTime();
            Cmd fence = fence(holder);
            System.out.println("[figure] kill -9 -> converge fence done: " + (sampler.now() - t) + " ms (fence "
                    + (System.nanoTime() - f0) / 1_000_000 + " ms)");
            assertThat(fence.exitCode).as(fence.out).isZero();
            assertThat(fence.out).contains("fenced node " + old.node() + ": 1 instance killed");
            assertThat(Sampler.running(name, cluster.prefix)).as("fenced at once").doesNotContainValue(old.node());
            awaitRunningElsewhere(old.node());
            Holder moved = pl.awaitSingleton(name, node -> !node.equals(old.node()));
            long took = sampler.firstChange(t, s -> s.containers().containsValue(moved.node())) - t;
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isLessThanOrEqualTo(1);
            assertThat(took).as("not before the lock-delay\n%s", sampler.report())
                    .isGreaterThanOrEqualTo(LOCK_DELAY.toMillis());
            pl.assertHeldBy(pl.lockKey(name), moved.node());
        }
        cluster.up();
        pl.awaitNodeSessions();
        assertNoAclDenials();
    }

    @Test
    @Order(3)
    void aSingletonFailsOverWhenItsHostIsGoneAndTheHostComesBackAsAStandby() throws Exception {
        Holder old = pl.awaitSingleton(name, node -> true);
        try (Sampler sampler = Sampler.start(name, cluster.prefix)) {
            cluster.hostGone(cluster.index(old.node()));
            awaitRunningElsewhere(old.node());
            Holder moved = pl.awaitSingleton(name, node -> !node.equals(old.node()));
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isLessThanOrEqualTo(1);
            pl.assertHeldBy(pl.lockKey(name), moved.node());
            cluster.up();
            pl.awaitNodeSessions();
            pl.awaitStatus(name, s -> "standby".equals(role(s, old.node())));
            assertThat(sampler.max()).as("never two, also after the host is back\n%s", sampler.report())
                    .isLessThanOrEqualTo(1);
        }
        pl.delete(name);
        assertNoAclDenials();
    }

    /** A container of the service runs on another node: after detection and lock-delay (more than EVENTUALLY). */
    private void awaitRunningElsewhere(String old) {
        await("a move of " + name + " away from " + old).atMost(LOCK_DELAY.plusSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> Sampler.running(name, cluster.prefix).values().stream().anyMatch(n -> !n.equals(old)));
    }

    private String token(int i) throws IOException {
        return Files.readString(cluster.secureFile("converge-" + i + ".token")).trim();
    }

    /** converge got no 403 from Consul: its token is enough for everything it did. */
    private void assertNoAclDenials() throws IOException {
        for (int i = 1; i <= 3; i++) {
            String log = Files.readString(cluster.log("converge-" + i));
            assertThat(log).as("converge-%d.log", i).doesNotContain("Permission denied").doesNotContain(" 403");
        }
    }

    private static Map<String, String> processEnv(long pid) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return env;
    }

    private record Cmd(int exitCode, String out) {
    }

    /** {@code converge fence} with node I's Consul environment, as the systemd unit's ExecStopPost runs it. */
    private Cmd fence(int i) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "fence").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        List.of("CONSUL_HTTP_ADDR", "CONSUL_HTTP_TOKEN", "CONSUL_HTTP_SSL", "CONSUL_CACERT", "CONSUL_CLIENT_CERT",
                "CONSUL_CLIENT_KEY", "JAVA_OPTS").forEach(env::remove);
        env.put("CONSUL_HTTP_ADDR", "https://" + cluster.clientHttp(i));
        env.put("CONSUL_CACERT", cluster.secureFile("consul-agent-ca.pem").toString());
        env.put("CONSUL_CLIENT_CERT", cluster.secureFile("cli.pem").toString());
        env.put("CONSUL_CLIENT_KEY", cluster.secureFile("cli-key.pem").toString());
        env.put("CONSUL_HTTP_TOKEN", token(i));
        env.put("CONVERGE_APP", APP.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("converge fence hung: " + out);
        }
        return new Cmd(p.exitValue(), out);
    }
}
