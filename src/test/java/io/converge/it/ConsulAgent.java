package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Consul agent (Debian's consul 1.8) for one test class: a single server (or a client joined to one, see
 * {@link #client}) with its own data directory and free ports on 127.0.0.1, so KV survives {@link #restart()}.
 * Also a tiny HTTP client for the test's own reads and writes.
 */
public final class ConsulAgent implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String node;
    private final Path dataDir;
    private final Path log;
    private final int[] ports = new int[4];
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private volatile boolean frozen;
    private ConsulAgent joins;
    private String nodeMeta = "site:it";
    private int dnsPort = -1;

    public ConsulAgent(String node) throws IOException {
        this.node = node;
        this.dataDir = Files.createTempDirectory("converge-it-consul-");
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        this.log = logs.resolve("consul-" + node + ".log");
        for (int i = 0; i < ports.length; i++) {
            ports[i] = freePort();
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /**
     * A port free now and never handed out before in this JVM: the kernel may offer a just-closed ephemeral port
     * again, and two of an agent's ports must never be the same.
     */
    public static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    public String node() {
        return node;
    }

    /**
     * A client agent (no {@code -server}) that joins {@code server}'s LAN pool, with its own ports and data
     * directory on 127.0.0.1, carrying {@code -node-meta=<nodeMeta>}; {@link #start()} returns once it knows
     * the leader.
     */
    public static ConsulAgent client(String node, ConsulAgent server, String nodeMeta) throws IOException {
        ConsulAgent agent = new ConsulAgent(node);
        agent.joins = server;
        agent.nodeMeta = nodeMeta;
        return agent;
    }

    /**
     * Before {@link #start()}: the agent also serves DNS on 127.0.0.1:{@link #dnsPort()}, passing instances only
     * ({@code dns_config.only_passing}, as docs/discovery.md asks of a node's agent).
     */
    public ConsulAgent withDns() throws IOException {
        dnsPort = freePort();
        return this;
    }

    /** The DNS port ({@link #withDns()}), or -1: no DNS. */
    public int dnsPort() {
        return dnsPort;
    }

    public int httpPort() {
        return ports[0];
    }

    public String address() {
        return "127.0.0.1:" + httpPort();
    }

    public void start() throws Exception {
        String limits = "limits { kv_max_value_size = 1048576 }\n"
                + (dnsPort > 0 ? "dns_config { only_passing = true }\n" : "");
        Path extra = dataDir.resolve("limits.hcl");
        Files.writeString(extra, limits);
        List<String> command = new java.util.ArrayList<>(List.of("consul", "agent",
                "-data-dir=" + dataDir.resolve("data"), "-node=" + node, "-node-meta=" + nodeMeta,
                "-bind=127.0.0.1", "-client=127.0.0.1", "-http-port=" + ports[0], "-dns-port=" + dnsPort,
                "-server-port=" + ports[1], "-serf-lan-port=" + ports[2], "-serf-wan-port=" + ports[3],
                "-grpc-port=-1", "-config-file=" + extra));
        command.addAll(joins == null ? List.of("-server", "-bootstrap-expect=1")
                : List.of("-retry-join=127.0.0.1:" + joins.ports[2], "-retry-interval=1s"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                String leader = get("/v1/status/leader").body();
                if (leader.contains(":")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("consul " + node + " did not elect itself leader; see " + log);
    }

    /** Stops the agent as an operator would (SIGTERM) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGSTOP: the agent keeps its connections open but answers nothing, as in a partition. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
        frozen = false;
    }

    /** Brings the agent back to answering, whatever a test before left it in (frozen or stopped). */
    public void ensureRunning() throws Exception {
        if (frozen) {
            thaw();
        }
        if (process == null || !process.isAlive()) {
            start();
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public void restart() throws Exception {
        stop();
        start();
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + address() + path);
    }

    /** A KV path with each segment percent-encoded (keys may hold spaces, semicolons, unicode). */
    private static String kvPath(String key) {
        StringBuilder sb = new StringBuilder("/v1/kv");
        for (String segment : key.split("/", -1)) {
            sb.append('/').append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    public void kvPut(String key, String value) throws IOException, InterruptedException {
        kvPut(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public void kvPut(String key, byte[] value) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(kvPath(key))).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("true")) {
            throw new IllegalStateException("kv put " + key + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    public void kvDelete(String key) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(uri(kvPath(key))).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The raw value of a key, if it exists. */
    public Optional<String> kvGet(String key) throws IOException, InterruptedException {
        HttpResponse<String> r = get(kvPath(key));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode entry = JSON.readTree(r.body()).get(0);
        String b64 = entry.path("Value").asText(null);
        return Optional.of(b64 == null ? "" : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
    }

    /** The whole KV entry of a key (Session, LockIndex, ModifyIndex...), if it exists. */
    public Optional<JsonNode> kvEntry(String key) throws IOException, InterruptedException {
        HttpResponse<String> r = get(kvPath(key));
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(JSON.readTree(r.body()).get(0));
    }

    public long kvModifyIndex(String key) throws IOException, InterruptedException {
        return JSON.readTree(get(kvPath(key)).body()).get(0).path("ModifyIndex").asLong();
    }

    public Optional<JsonNode> kvJson(String key) throws IOException, InterruptedException {
        Optional<String> v = kvGet(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(v.get()));
    }

    /** Registers a service in the agent by hand, as an operator's own service definition would. */
    public void agentRegister(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/agent/service/register"))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("register: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** Creates a session on this agent's node (bound to serfHealth) and returns its id. */
    public String createSession(String name, String lockDelay) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/session/create"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"Name\": \"" + name + "\", \"LockDelay\": \""
                        + lockDelay + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("ID").asText();
    }

    /** Acquires a key for a session, as a lock holder does. */
    public boolean acquire(String key, String session, String value) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(kvPath(key) + "?acquire=" + session))
                .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().trim().equals("true");
    }

    /** Registers a check in the agent by hand (no ServiceID: a node-level check). */
    public void agentRegisterCheck(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/agent/check/register"))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("check register: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** A PUT without body to an agent endpoint, e.g. {@code /v1/agent/check/fail/<id>}; fails unless HTTP 200. */
    public void agentPut(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PUT " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    public void agentDeregisterCheck(String id) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(uri("/v1/agent/check/deregister/" + id)).PUT(HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sessions of a node ({@code /v1/session/node/<node>}). */
    public JsonNode nodeSessions(String node) throws IOException, InterruptedException {
        return JSON.readTree(get("/v1/session/node/" + node).body());
    }

    public void destroySession(String id) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(uri("/v1/session/destroy/" + id)).PUT(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of one of the agent's checks, if it has it. */
    public Optional<String> checkStatus(String checkId) throws IOException, InterruptedException {
        JsonNode check = JSON.readTree(get("/v1/agent/checks").body()).path(checkId);
        return check.isMissingNode() ? Optional.empty() : Optional.of(check.path("Status").asText());
    }

    /** The agent's registration of a service id, if any. */
    public Optional<JsonNode> agentService(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/v1/agent/service/" + id);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(JSON.readTree(r.body()));
    }

    /**
     * The status of a service instance's own check(s) in the agent: passing, warning, critical; empty when it has
     * none.
     */
    public Optional<String> health(String id) throws IOException, InterruptedException {
        JsonNode checks = JSON.readTree(get("/v1/agent/checks").body());
        List<String> order = List.of("critical", "warning", "passing");
        Optional<String> worst = Optional.empty();
        for (JsonNode c : checks) {
            if (id.equals(c.path("ServiceID").asText())) {
                String st = c.path("Status").asText();
                if (worst.isEmpty() || order.indexOf(st) < order.indexOf(worst.get())) {
                    worst = Optional.of(st);
                }
            }
        }
        return worst;
    }

    /** The agent's aggregate for a service id, which also counts the node's checks. */
    public Optional<String> aggregateHealth(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/v1/agent/health/service/id/" + id);
        return r.statusCode() == 404 ? Optional.empty()
                : Optional.of(JSON.readTree(r.body()).path("AggregatedStatus").asText());
    }

    public List<String> agentServiceIds() throws IOException, InterruptedException {
        List<String> ids = new java.util.ArrayList<>();
        JSON.readTree(get("/v1/agent/services").body()).fieldNames().forEachRemaining(ids::add);
        return ids;
    }
}
