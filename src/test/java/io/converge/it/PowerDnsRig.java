package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;

/**
 * A real PowerDNS Authoritative 4.7 (Debian's {@code pdns-server} + {@code pdns-backend-sqlite3}) for a test:
 * {@code pdns_server} in the foreground with a config dir and sqlite3 database of its own under
 * {@code target/pdns-rig/<n>/} (schema from the package), DNS on a free 127.0.0.1 port, the HTTP API on another
 * with key {@value #API_KEY}, no security poll (it would send a query out). Zones are made through the API (the API
 * purges PowerDNS's caches, direct database writes do not). Killed on {@link #close} and, failing that, when the JVM
 * exits.
 */
public final class PowerDnsRig implements AutoCloseable {
    public static final String API_KEY = "converge-it-key";
    private static final List<Path> SCHEMAS = List.of(
            Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"),
            Path.of("/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int runs;

    public final Path dir;
    public final int dnsPort;
    public final int apiPort;
    private Process pdns;
    private final Thread reaper = new Thread(this::kill, "pdns-rig-reaper");

    private PowerDnsRig(Path dir) throws IOException {
        this.dir = dir;
        this.dnsPort = ConsulAgent.freePort();
        this.apiPort = ConsulAgent.freePort();
    }

    /** A started PowerDNS holding no zone. */
    public static PowerDnsRig start() throws IOException, InterruptedException {
        Path dir;
        synchronized (PowerDnsRig.class) {
            dir = Path.of("target", "pdns-rig", ProcessHandle.current().pid() + "-" + ++runs).toAbsolutePath();
        }
        Files.createDirectories(dir);
        PowerDnsRig rig = new PowerDnsRig(dir);
        Path schema = SCHEMAS.stream().filter(Files::isReadable).findFirst()
                .orElseThrow(() -> new IOException("no sqlite3 schema of pdns-backend-sqlite3 in " + SCHEMAS));
        Cmd.run(List.of("sqlite3", dir.resolve("pdns.sqlite3").toString()), Files.readString(schema),
                Duration.ofSeconds(30)).check();
        Files.writeString(dir.resolve("pdns.conf"), rig.config());
        Runtime.getRuntime().addShutdownHook(rig.reaper);
        rig.run();
        return rig;
    }

    /** The API's base URL. */
    public URI api() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    /** A Native zone with an SOA and one NS record, made through the API. */
    public void createZone(String zone) throws IOException, InterruptedException {
        String body = """
                {"name": "%1$s", "kind": "Native", "nameservers": [], "rrsets": [
                  {"name": "%1$s", "type": "SOA", "ttl": 3600, "records": [{"content":
                    "ns1.%1$s hostmaster.%1$s 1 10800 3600 604800 3600", "disabled": false}]},
                  {"name": "%1$s", "type": "NS", "ttl": 3600, "records": [{"content": "ns1.%1$s",
                    "disabled": false}]}]}
                """.formatted(zone);
        HttpResponse<String> r = send("POST", "/api/v1/servers/localhost/zones", body);
        if (r.statusCode() != 201) {
            throw new IOException("create zone " + zone + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** A raw {@code PATCH} of {@code zone} with {@code rrsets} (a JSON array); PowerDNS's answer as it came. */
    public HttpResponse<String> patch(String zone, String rrsets) throws IOException, InterruptedException {
        return send("PATCH", "/api/v1/servers/localhost/zones/" + zone, "{\"rrsets\": " + rrsets + "}");
    }

    /**
     * The {@code rrsets} PowerDNS's API holds at {@code name}, as JSON text (the whole of each set, comments and
     * disabled records included: read from the whole zone, since 4.7's {@code rrset_name} query leaves disabled
     * records out).
     */
    public String rrsets(String zone, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", "/api/v1/servers/localhost/zones/" + zone, null);
        if (r.statusCode() != 200) {
            throw new IOException("GET " + zone + ": " + r.statusCode() + " " + r.body());
        }
        List<JsonNode> rrsets = new ArrayList<>();
        JSON.readTree(r.body()).path("rrsets").forEach(s -> {
            if (s.path("name").asText().equals(name)) {
                rrsets.add(s);
            }
        });
        return JSON.writeValueAsString(rrsets);
    }

    /** {@code dig +norec} at the rig: the answer section, one {@code name ttl class type rdata} line per record. */
    public List<String> dig(String name, String type) {
        Cmd.Result r = Cmd.run(List.of("dig", "@127.0.0.1", "-p", String.valueOf(dnsPort), "+norec", "+noall",
                "+answer", "+time=2", "+tries=1", name, type), "", Duration.ofSeconds(10)).check();
        List<String> lines = new ArrayList<>();
        r.out().lines().filter(l -> !l.isBlank()).forEach(l -> lines.add(l.trim().replaceAll("\\s+", " ")));
        return lines;
    }

    /** Kills PowerDNS (the test's "server down"). */
    public void stop() {
        kill();
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

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api().resolve(path)).header("X-API-Key", API_KEY)
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void run() throws IOException, InterruptedException {
        Path log = dir.resolve("pdns.log");
        pdns = new ProcessBuilder("pdns_server", "--config-dir=" + dir, "--daemon=no", "--guardian=no",
                "--disable-syslog", "--write-pid=no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                if (send("GET", "/api/v1/servers/localhost", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!pdns.isAlive() || Instant.now().isAfter(deadline)) {
                kill();
                throw new IOException("pdns_server did not come up; see " + log + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private void kill() {
        Process p = pdns;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String config() {
        return """
                launch=gsqlite3
                gsqlite3-database=%1$s/pdns.sqlite3
                socket-dir=%1$s
                local-address=127.0.0.1
                local-port=%2$d
                api=yes
                api-key=%3$s
                webserver=yes
                webserver-address=127.0.0.1
                webserver-port=%4$d
                webserver-allow-from=127.0.0.0/8
                security-poll-suffix=
                disable-axfr=yes
                """.formatted(dir, dnsPort, API_KEY, apiPort);
    }
}
