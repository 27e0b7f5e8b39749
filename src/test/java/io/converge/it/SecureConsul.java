package io.converge.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Consul agent as production runs it: HTTPS only (certificates made with openssl for this run, client
 * certificates required) and ACLs with default-deny. The test talks to it with the {@code consul} CLI and
 * Consul's own environment variables, as an operator would.
 */
final class SecureConsul implements AutoCloseable {
    private final String node;
    private final Path dir;
    private final String masterToken = UUID.randomUUID().toString();
    private final int httpsPort;
    private final int[] ports = new int[3];
    private Process process;

    SecureConsul(String node) throws Exception {
        this.node = node;
        this.dir = Files.createTempDirectory("converge-it-secure-");
        this.httpsPort = ConsulAgent.freePort();
        for (int i = 0; i < ports.length; i++) {
            ports[i] = ConsulAgent.freePort();
        }
        makeCertificates();
    }

    private void makeCertificates() throws Exception {
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=converge-it-ca",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        sh("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "key.pem",
                "-out", "req.csr");
        sh("openssl", "x509", "-req", "-in", "req.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-days", "2", "-extfile", "ext.cnf", "-out", "cert.pem");
    }

    private void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    void start() throws Exception {
        Path config = dir.resolve("agent.hcl");
        Files.writeString(config, """
                ports { http = -1, https = %d, grpc = -1, dns = -1, server = %d, serf_lan = %d, serf_wan = %d }
                ca_file = "%s"
                cert_file = "%s"
                key_file = "%s"
                verify_incoming_https = true
                acl {
                  enabled = true
                  default_policy = "deny"
                  tokens { master = "%s", agent = "%s" }
                }
                """.formatted(httpsPort, ports[0], ports[1], ports[2], dir.resolve("ca.pem"), dir.resolve("cert.pem"),
                dir.resolve("key.pem"), masterToken, masterToken));
        Path log = Path.of("target", "it-logs", "consul-" + node + ".log");
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder("consul", "agent", "-server", "-bootstrap-expect=1", "-node=" + node,
                "-data-dir=" + dir.resolve("data"), "-bind=127.0.0.1", "-client=127.0.0.1", "-node-meta=site:it",
                "-config-file=" + config).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (consul(masterToken, "kv", "get", "-recurse", "probe/").exitCode() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("secure consul did not come up; see " + log);
    }

    String masterToken() {
        return masterToken;
    }

    /** Consul's standard environment for a client of this agent, with the given token. */
    Map<String, String> env(String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONSUL_HTTP_ADDR", "https://127.0.0.1:" + httpsPort);
        env.put("CONSUL_CACERT", dir.resolve("ca.pem").toString());
        env.put("CONSUL_CLIENT_CERT", dir.resolve("cert.pem").toString());
        env.put("CONSUL_CLIENT_KEY", dir.resolve("key.pem").toString());
        if (token != null) {
            env.put("CONSUL_HTTP_TOKEN", token);
        }
        return env;
    }

    /** Runs the consul CLI against this agent with {@code token}. */
    Docker.Result consul(String token, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("consul");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env(token));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        return new Docker.Result(p.exitValue(), out);
    }

    /**
     * Creates a token with the ACL policies converge ships: {@code deploy/consul/acl/converge-policy.hcl} and
     * {@code converge-node-policy.hcl} for this agent's node.
     */
    String convergeToken() throws Exception {
        Docker.Result policy = consul(masterToken, "acl", "policy", "create", "-name", "converge",
                "-rules", "@" + Path.of("deploy/consul/acl/converge-policy.hcl").toAbsolutePath());
        if (policy.exitCode() != 0) {
            throw new IllegalStateException("policy create: " + policy.out());
        }
        Path nodePolicy = dir.resolve("converge-" + node + ".hcl");
        Files.writeString(nodePolicy, Files.readString(Path.of("deploy/consul/acl/converge-node-policy.hcl"))
                .replace("<node>", node));
        Docker.Result perNode = consul(masterToken, "acl", "policy", "create", "-name", "converge-" + node,
                "-rules", "@" + nodePolicy);
        if (perNode.exitCode() != 0) {
            throw new IllegalStateException("policy create: " + perNode.out());
        }
        Docker.Result token = consul(masterToken, "acl", "token", "create", "-policy-name", "converge",
                "-policy-name", "converge-" + node, "-format=json");
        if (token.exitCode() != 0) {
            throw new IllegalStateException("token create: " + token.out());
        }
        return new ObjectMapper().readTree(token.out()).path("SecretID").asText();
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
