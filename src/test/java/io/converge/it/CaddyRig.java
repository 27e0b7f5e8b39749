package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A real Caddy (Debian's 2.6) for a test: {@code caddy run --config base.json} with its admin API, its plain-HTTP
 * port ({@code apps.http.http_port}) and its HTTPS port on free loopback ports, its storage (and so its internal CA)
 * and XDG dirs under {@code target/caddy-rig/<n>/}, and a base configuration of the operator's own: a FOREIGN server
 * with a route and a foreign TLS automation policy, the internal CA kept out of the system trust store. Killed on
 * {@link #close} and, failing that, when the JVM exits.
 */
public final class CaddyRig implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int runs;

    public final Path dir;
    public final int adminPort;
    public final int httpPort;
    public final int httpsPort;
    public final int foreignPort;
    private Process caddy;
    private final Thread reaper = new Thread(this::kill, "caddy-rig-reaper");

    private CaddyRig(Path dir) throws IOException {
        this.dir = dir;
        this.adminPort = ConsulAgent.freePort();
        this.httpPort = ConsulAgent.freePort();
        this.httpsPort = ConsulAgent.freePort();
        this.foreignPort = ConsulAgent.freePort();
    }

    /** A started Caddy holding only its base configuration. */
    public static CaddyRig start() throws IOException, InterruptedException {
        Path dir;
        synchronized (CaddyRig.class) {
            dir = Path.of("target", "caddy-rig", ProcessHandle.current().pid() + "-" + ++runs).toAbsolutePath();
        }
        Files.createDirectories(dir);
        CaddyRig rig = new CaddyRig(dir);
        Files.writeString(dir.resolve("base.json"), rig.baseConfig());
        Runtime.getRuntime().addShutdownHook(rig.reaper);
        rig.run();
        return rig;
    }

    public URI admin() {
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    /** The listen addresses converge's server gets: the plain-HTTP port first, then the HTTPS port. */
    public List<String> listen() {
        return List.of("127.0.0.1:" + httpPort, "127.0.0.1:" + httpsPort);
    }

    /** The root certificate of Caddy's internal CA (exists once Caddy issued something from it). */
    public Path internalRoot() {
        return dir.resolve("storage/pki/authorities/local/root.crt");
    }

    /** Stops Caddy and starts it again with its base configuration only: whatever the API added is gone. */
    public void restartWithoutApiChanges() throws IOException, InterruptedException {
        kill();
        run();
    }

    /** {@code GET} on the admin API; the body as a tree. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(admin().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Caddy's whole configuration minus converge's part: its server {@code converge}, the {@code apps.tls} entries
     * whose {@code @id} starts with {@code converge-}, the {@code automate} hosts of its {@code converge-internal}
     * policy, and the arrays and objects that held nothing else.
     */
    public JsonNode foreignPart() throws IOException, InterruptedException {
        ObjectNode config = (ObjectNode) get("/config/").deepCopy();
        if (config.path("apps").path("http").path("servers") instanceof ObjectNode servers) {
            servers.remove("converge");
        }
        if (config.path("apps").path("tls") instanceof ObjectNode tls) {
            Set<String> hosts = new HashSet<>();
            tls.at("/automation/policies").forEach(p -> {
                if (p.path("@id").asText().equals("converge-internal")) {
                    p.path("subjects").forEach(h -> hosts.add(h.asText()));
                }
            });
            strip(tls, "certificates", "load_files", e -> e.path("@id").asText().startsWith("converge-"));
            strip(tls, "certificates", "automate", e -> hosts.contains(e.asText()));
            strip(tls, "automation", "policies", e -> e.path("@id").asText().startsWith("converge-"));
            if (tls.isEmpty()) {
                ((ObjectNode) config.get("apps")).remove("tls");
            }
        }
        return config;
    }

    private static void strip(ObjectNode tls, String object, String array, Predicate<JsonNode> converges) {
        if (!(tls.path(object).path(array) instanceof ArrayNode entries)) {
            return;
        }
        int before = entries.size();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (converges.test(entries.get(i))) {
                entries.remove(i);
            }
        }
        if (entries.isEmpty() && before > 0) {
            ((ObjectNode) tls.get(object)).remove(array);
            if (tls.get(object).isEmpty()) {
                tls.remove(object);
            }
        }
    }

    /** What {@code curl} got: the status (0 when no HTTP answer), the body, and curl's verbose trace. */
    public record Reply(int status, String body, String trace) {
    }

    /** {@code curl} to {@code host} on {@code port} of 127.0.0.1 ({@code --resolve}); {@code args} before the URL. */
    public Reply curl(String scheme, String host, int port, String path, String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-v", "--max-time", "10",
                "--resolve", host + ":" + port + ":127.0.0.1", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        command.add(scheme + "://" + host + ":" + port + path);
        Cmd.Result r = Cmd.run(command, "", Duration.ofSeconds(15));
        String out = r.out();
        int cut = out.lastIndexOf('\n');
        int status = Integer.parseInt(out.substring(cut + 1).trim());
        return new Reply(status, out.substring(0, Math.max(cut, 0)), r.err());
    }

    /** Plain HTTP through converge's server. */
    public Reply http(String host, String path, String... args) {
        return curl("http", host, httpPort, path, args);
    }

    /** HTTPS through converge's server. */
    public Reply https(String host, String path, String... args) {
        return curl("https", host, httpsPort, path, args);
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void run() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("caddy", "run", "--config", dir.resolve("base.json").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("caddy.log")
                        .toFile()));
        Map<String, String> env = pb.environment();
        env.put("HOME", dir.toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        caddy = pb.start();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                get("/config/");
                return;
            } catch (IOException notYet) {
                if (!caddy.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("caddy did not come up; see " + dir.resolve("caddy.log") + ": "
                            + Files.readString(dir.resolve("caddy.log")), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    private void kill() {
        Process p = caddy;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String baseConfig() {
        return """
                {"admin": {"listen": "127.0.0.1:%1$d"},
                 "storage": {"module": "file_system", "root": "%2$s/storage"},
                 "apps": {
                  "http": {"http_port": %3$d, "https_port": %4$d, "servers": {"foreign": {
                    "listen": ["127.0.0.1:%5$d"], "automatic_https": {"disable": true},
                    "routes": [{"@id": "foreign-route", "match": [{"host": ["foreign.test"]}],
                      "handle": [{"handler": "static_response", "status_code": 200, "body": "foreign"}]}]}}},
                  "tls": {"automation": {"policies": [{"subjects": ["foreign.test"],
                    "issuers": [{"module": "internal"}]}]}},
                  "pki": {"certificate_authorities": {"local": {"install_trust": false}}}}}
                """.formatted(adminPort, dir, httpPort, httpsPort, foreignPort);
    }
}
