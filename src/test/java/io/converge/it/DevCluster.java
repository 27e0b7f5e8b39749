package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real multi-node cluster made by {@code deploy/dev/cluster.sh}: 3 Consul servers, N client agents and one
 * {@code converge run} (the packaged jar) per client, with its own state dir under a temp dir, its own loopback
 * net and node names, so that it never collides with a demo cluster. Tests disturb it (kill -9 a converge,
 * SIGINT/SIGSTOP an agent, remove a node's containers) and {@link #up()} brings back whatever is not running.
 */
public final class DevCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("deploy", "dev", "cluster.sh").toAbsolutePath();
    private static final Path LAUNCHER = Path.of("bin", "converge").toAbsolutePath();
    private static final Path APP = Path.of(System.getProperty("converge.it.app",
            "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().getParent();
    private static final int PORT_BASE = 20000;

    public final String net;
    public final String name;
    public final String prefix;
    public final int nodes;
    private final Path state;
    private final String javaOpts;
    private final Set<Integer> frozen = new HashSet<>();
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private boolean secure;
    private String sites;
    private final Thread cleanup = new Thread(this::downQuietly, "dev-cluster-down");
    private Path scriptLog;

    /**
     * @param net      three octets of 127.0.0.0/8 no other cluster uses, e.g. {@code 127.0.7}
     * @param name     node name prefix, e.g. {@code pl}: nodes {@code pl-node-1..N}
     * @param prefix   the KV prefix every converge of this cluster uses
     * @param javaOpts extra {@code -D} options for every converge
     */
    public DevCluster(String net, String name, String prefix, int nodes, String javaOpts) throws IOException {
        this.net = net;
        this.name = name;
        this.prefix = prefix;
        this.nodes = nodes;
        this.javaOpts = "-Dconverge.kv.prefix=" + prefix + " " + javaOpts;
        this.state = Files.createTempDirectory("converge-" + name + "-cluster-").resolve("state");
    }

    /**
     * {@code CLUSTER_SECURE=1}: agents serve HTTPS only and want a client certificate, ACLs default to deny. This
     * class then talks to them over HTTPS with the cluster's CLI certificate and the management token.
     */
    public DevCluster secure() {
        this.secure = true;
        return this;
    }

    /** {@code CLUSTER_SITES}: the node meta {@code site} of the clients, round-robin, e.g. {@code "tokyo osaka"}. */
    public DevCluster sites(String sites) {
        this.sites = sites;
        return this;
    }

    public boolean isSecure() {
        return secure;
    }

    /** A file of {@code <state>/secure/} (certificates, tokens: deploy/dev/cluster-secure.sh). */
    public Path secureFile(String name) {
        return state.resolve("secure").resolve(name);
    }

    /** The management token of a secure cluster (empty for a plain one). */
    public Optional<String> managementToken() throws IOException {
        Path f = secureFile("management.token");
        return secure && Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
    }

    /** {@code http://} or, for a secure cluster, {@code https://}. */
    public String scheme() {
        return secure ? "https://" : "http://";
    }

    /** From now on, cluster.sh's output is appended to this file instead of being printed. */
    public DevCluster logScriptTo(Path file) {
        this.scriptLog = file;
        return this;
    }

    public String node(int i) {
        return name + "-node-" + i;
    }

    /** The client index of a node name ({@code pl-node-2} → 2). */
    public int index(String node) {
        if (!node.startsWith(name + "-node-")) {
            throw new IllegalArgumentException("not a client of this cluster: " + node);
        }
        return Integer.parseInt(node.substring(name.length() + 6));
    }

    public Path state() {
        return state;
    }

    public Path log(String file) {
        return state.resolve(file + ".log");
    }

    // ---------------------------------------------------------------------------------------------------------
    // cluster.sh

    /** {@code cluster.sh up N}: starts the cluster, or whatever of it is not running; waits until all are ready. */
    public void up() throws IOException, InterruptedException {
        for (int i : List.copyOf(frozen)) {
            signalAgent(i, "CONT");
        }
        script(Duration.ofSeconds(150), "up", Integer.toString(nodes));
        if (secure) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).sslContext(tls()).build();
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** {@code cluster.sh down}, after keeping the logs in {@code target/it-logs/<name>-cluster/}. */
    public void down() throws IOException, InterruptedException {
        keepLogs();
        script(Duration.ofSeconds(120), "down");
        Files.deleteIfExists(state.getParent());
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    private void downQuietly() {
        try {
            keepLogs();
            script(Duration.ofSeconds(120), "down");
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("dev cluster " + state + ": down failed: " + e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        down();
    }

    private void keepLogs() throws IOException {
        if (!Files.isDirectory(state)) {
            return;
        }
        Path keep = Path.of("target", "it-logs", name + "-cluster");
        Files.createDirectories(keep);
        try (var files = Files.list(state)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String script(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        List.of("CONSUL_HTTP_ADDR", "CONSUL_HTTP_TOKEN", "CONSUL_HTTP_SSL", "CONSUL_CACERT", "CONSUL_CLIENT_CERT",
                "CONSUL_CLIENT_KEY").forEach(env::remove);
        env.put("CLUSTER_STATE", state.toString());
        env.put("CLUSTER_NET", net);
        env.put("CLUSTER_NAME", name);
        env.put("CLUSTER_JAVA_OPTS", javaOpts);
        env.put("CLUSTER_CONVERGE", LAUNCHER.toString());
        env.put("CONVERGE_APP", APP.toString());
        if (secure) {
            env.put("CLUSTER_SECURE", "1");
        }
        if (sites != null) {
            env.put("CLUSTER_SITES", sites);
        }
        Path out = Files.createTempFile("cluster-sh", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        String output = Files.readString(out);
        Files.deleteIfExists(out);
        if (!done) {
            p.destroyForcibly();
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " hung:\n" + output);
        }
        if (scriptLog == null) {
            System.out.print(output);
        } else {
            Files.writeString(scriptLog, "=== cluster.sh " + String.join(" ", args) + "\n" + output,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " failed (" + p.exitValue()
                    + "):\n" + output);
        }
        return output;
    }

    // ---------------------------------------------------------------------------------------------------------
    // processes

    /** The pid of {@code <state>/<file>.pid} (converge-I, client-I, server-I). */
    public long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(state.resolve(file + ".pid")).trim());
    }

    private void kill(String file, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid(file))).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + file + " failed");
        }
    }

    private void awaitExit(String file) throws IOException, InterruptedException {
        awaitExit(file, Duration.ofSeconds(20));
    }

    private void awaitExit(String file, Duration limit) throws IOException, InterruptedException {
        long pid = pid(file);
        long deadline = System.nanoTime() + limit.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(file + " (pid " + pid + ") still alive");
            }
            Thread.sleep(20);
        }
    }

    /** kill -9 of node I's converge: no shutdown, no fencing; waits for the exit. */
    public void killConverge(int i) throws IOException, InterruptedException {
        kill("converge-" + i, "KILL");
        awaitExit("converge-" + i);
    }

    /**
     * SIGTERM of node I's converge, as {@code systemctl stop} sends it; waits for the exit (a handover waits for
     * its guard's JVM to start: up to 90 s here).
     */
    public void stopConverge(int i) throws IOException, InterruptedException {
        kill("converge-" + i, "TERM");
        awaitExit("converge-" + i, Duration.ofSeconds(90));
    }

    /**
     * Runs a client command of the launcher against node I's agent with this cluster's prefix (as the node's
     * systemd unit would, e.g. {@code fence} in {@code ExecStopPost}); returns its exit code and output.
     */
    public Docker.Result cli(int i, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("CONSUL_HTTP_ADDR");
        pb.environment().put("CONVERGE_APP", APP.toString());
        pb.environment().put("JAVA_OPTS", "-Dconverge.consul.address=" + clientHttp(i) + " -Dconverge.kv.prefix="
                + prefix);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Docker.Result(p.exitValue(), out.trim());
    }

    /** Sends a signal (INT, STOP, CONT, ...) to node I's Consul agent; INT waits for the exit. */
    public void signalAgent(int i, String signal) throws IOException, InterruptedException {
        kill("client-" + i, signal);
        switch (signal) {
            case "STOP" -> frozen.add(i);
            case "CONT" -> frozen.remove(i);
            case "INT", "KILL", "TERM" -> {
                frozen.remove(i);
                awaitExit("client-" + i);
            }
            default -> { }
        }
    }

    /** Sends a signal to Consul server I; INT waits for the exit. */
    void signalServer(int i, String signal) throws IOException, InterruptedException {
        kill("server-" + i, signal);
        if (signal.equals("INT")) {
            awaitExit("server-" + i);
        }
    }

    /** Node I's containers of this cluster's prefix, running or not. */
    public List<String> containersOf(int i) throws IOException, InterruptedException {
        Docker.Result r = Docker.run("ps", "-aq", "--filter", "label=io.converge.node=" + node(i),
                "--filter", "label=io.converge.prefix=" + prefix);
        return r.out().isEmpty() ? List.of() : List.of(r.out().split("\\s+"));
    }

    /**
     * The host is gone: kill -9 of its converge, SIGINT of its agent (no leave), and its containers removed.
     */
    public void hostGone(int i) throws IOException, InterruptedException {
        killConverge(i);
        signalAgent(i, "INT");
        for (String id : containersOf(i)) {
            Docker.run("rm", "-f", id);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Consul HTTP API

    public String clientHttp(int i) {
        int octet = 20 + i;
        return net + "." + octet + ":" + (PORT_BASE + 10 * octet);
    }

    public String serverHttp(int i) {
        int octet = 10 + i;
        return net + "." + octet + ":" + (PORT_BASE + 10 * octet);
    }

    /** The first client agent that answers and that no test froze. */
    public String api() {
        for (int i = 1; i <= nodes; i++) {
            if (frozen.contains(i)) {
                continue;
            }
            try {
                if (get(clientHttp(i), "/v1/agent/self").statusCode() == 200) {
                    return clientHttp(i);
                }
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        throw new IllegalStateException("no client agent of " + state + " answers");
    }

    private javax.net.ssl.SSLContext tls() throws IOException {
        try {
            return PemTls.context(secureFile("consul-agent-ca.pem"), secureFile("cli.pem"), secureFile("cli-key.pem"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("TLS files of " + state + ": " + e, e);
        }
    }

    /** A request to an agent: its scheme, and the management token on a secure cluster. */
    private HttpRequest.Builder request(String agent, String path) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme() + agent + path))
                .timeout(Duration.ofSeconds(5));
        managementToken().ifPresent(t -> b.header("X-Consul-Token", t));
        return b;
    }

    /**
     * A request to the first answering client agent with the given token ({@code null}: none, the anonymous token)
     * instead of the management token; {@code body} null for none.
     */
    public HttpResponse<String> requestAs(String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme() + api() + path))
                .timeout(Duration.ofSeconds(5)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Consul-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String agent, String path) throws IOException, InterruptedException {
        return http.send(request(agent, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(api(), path);
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String kvPath(String key) {
        StringBuilder sb = new StringBuilder("/v1/kv");
        for (String segment : key.split("/", -1)) {
            sb.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    /** The KV entry of a key (Key, Value in base64, Session, ModifyIndex...), if it exists. */
    public Optional<JsonNode> kvEntry(String key) throws IOException, InterruptedException {
        HttpResponse<String> r = get(api(), kvPath(key));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + key + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return Optional.of(JSON.readTree(r.body()).get(0));
    }

    /** The entry's value parsed as JSON, if the key exists and has one. */
    public Optional<JsonNode> kvJson(String key) throws IOException, InterruptedException {
        Optional<JsonNode> e = kvEntry(key);
        if (e.isEmpty() || e.get().path("Value").isNull() || e.get().path("Value").isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(JSON.readTree(Base64.getDecoder().decode(e.get().path("Value").asText())));
    }

    /** The session holding a key, or empty when none does. */
    public Optional<String> kvSession(String key) throws IOException, InterruptedException {
        return kvEntry(key).map(e -> e.path("Session").asText("")).filter(s -> !s.isEmpty());
    }

    public List<JsonNode> kvList(String keyPrefix) throws IOException, InterruptedException {
        HttpResponse<String> r = get(api(), kvPath(keyPrefix) + "?recurse=true");
        List<JsonNode> entries = new ArrayList<>();
        if (r.statusCode() == 200) {
            JSON.readTree(r.body()).forEach(entries::add);
        }
        return entries;
    }

    public void kvPut(String key, String value) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(api(), kvPath(key))
                .PUT(HttpRequest.BodyPublishers.ofString(value)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("true")) {
            throw new IllegalStateException("kv put " + key + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    public void kvDelete(String key) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(api(), kvPath(key)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("kv delete " + key + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** {@code /v1/session/info/<id>}: the session (ID, Name, Node, LockDelay, ...), if it exists. */
    public Optional<JsonNode> session(String id) throws IOException, InterruptedException {
        JsonNode list = getJson("/v1/session/info/" + id);
        return list.isArray() && list.size() > 0 ? Optional.of(list.get(0)) : Optional.empty();
    }

    /** The node session of node I ({@code converge:<prefix>:<node>}), if it has one. */
    Optional<JsonNode> nodeSession(int i) throws IOException, InterruptedException {
        for (JsonNode s : getJson("/v1/session/node/" + node(i))) {
            if (("converge:" + prefix + ":" + node(i)).equals(s.path("Name").asText())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The index of the server that is Raft leader, as a server still up reports it; empty while there is none. */
    Optional<Integer> raftLeader() {
        for (int i = 1; i <= 3; i++) {
            try {
                HttpResponse<String> r = get(serverHttp(i), "/v1/status/leader");
                String addr = r.statusCode() == 200 ? JSON.readTree(r.body()).asText("") : "";
                if (addr.startsWith(net + ".1")) {
                    return Optional.of(Integer.parseInt(addr.substring(net.length() + 1, addr.indexOf(':'))) - 10);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // that server is down: ask the next one
            }
        }
        return Optional.empty();
    }

    /** The status of the {@code serfHealth} check of a node (server or client): passing, critical, or empty. */
    String serfHealth(String node) throws IOException, InterruptedException {
        for (JsonNode check : getJson("/v1/health/node/" + node)) {
            if ("serfHealth".equals(check.path("CheckID").asText())) {
                return check.path("Status").asText();
            }
        }
        return "";
    }

    public String server(int i) {
        return name + "-server-" + i;
    }
}
