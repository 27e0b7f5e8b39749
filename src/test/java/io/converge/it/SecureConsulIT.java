package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SPEC §7: ACL tokens and TLS to Consul work, configured only through Consul's standard environment variables,
 * with the ACL policies converge ships (deploy/consul/acl/converge-policy.hcl and converge-node-policy.hcl) and
 * nothing more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureConsulIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String node = "it-secure-" + Integer.toHexString((int) (Math.random() * 0xffff));
    private SecureConsul consul;
    private ConvergeProcess converge;
    private String token;

    @BeforeAll
    void start() throws Exception {
        consul = new SecureConsul(node);
        consul.start();
        token = consul.convergeToken();
        Map<String, String> props = Map.of("converge.containers.node-suffix", "true",
                "converge.docker.stop-grace", "2s");
        converge = new ConvergeProcess(node, props).withEnv(consul.env(token)).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (converge != null) {
            converge.stop();
        }
        Docker.removeNode(node);
        if (consul != null) {
            consul.close();
        }
    }

    @Test
    void convergesOverTlsWithClientCertificatesAndALeastPrivilegeToken() throws Exception {
        ObjectNode doc = ItBase.service("secure");
        Docker.Result put = consul.consul(consul.masterToken(), "kv", "put", "converge/specs/services/secure",
                JSON.writeValueAsString(doc));
        assertThat(put.exitCode()).as(put.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Docker.Result status = consul.consul(consul.masterToken(), "kv", "get", "converge/status/services/secure");
            return status.exitCode() == 0 && JSON.readTree(status.out()).path("phase").asText().equals("Running");
        });
        assertThat(Docker.running("converge-secure-" + node)).isTrue();
        Docker.Result catalog = consul.consul(consul.masterToken(), "catalog", "services", "-tags");
        assertThat(catalog.out()).contains("secure").contains("running");

        await().atMost(Duration.ofSeconds(30)).until(() -> converge.log().contains("node session converge:converge:" + node
                + ": created session"));
        assertThat(converge.log()).doesNotContain("403");

        ConvergeProcess.Run get = converge.cli("get", "services");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("secure").contains("Running");

        consul.consul(consul.masterToken(), "kv", "delete", "converge/specs/services/secure");
        await().atMost(Duration.ofSeconds(30)).until(() -> Docker.id("converge-secure-" + node).isEmpty());
    }

    @Test
    void withoutATokenTheCliFailsSayingWhatWasDenied() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("anon", ".json");
        java.nio.file.Files.writeString(file, JSON.writeValueAsString(ItBase.service("anon")));
        ConvergeProcess cli = new ConvergeProcess(node + "-anon", Map.of()).withEnv(consul.env(null));
        ConvergeProcess.Run run = cli.cli("apply", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("converge/specs/services/anon").contains("403")
                .doesNotContain("\tat ");
        assertThat(consul.consul(consul.masterToken(), "kv", "get", "converge/specs/services/anon").exitCode())
                .isNotZero();
    }

    @Test
    void readinessReportsConsulAndDocker() throws Exception {
        JsonNode ready = JSON.readTree(new java.net.URL("http://127.0.0.1:" + converge.httpPort() + "/q/health/ready")
                .openStream());
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("checks").get(0).path("data").path("consul").asText()).isEqualTo("watching");
    }
}
