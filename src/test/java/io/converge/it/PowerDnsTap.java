package io.converge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A recording reverse proxy in front of a {@link PowerDnsRig}'s HTTP API, so that a test can tell which converge of a
 * cluster sent what: every converge is given the same API base, {@code http://127.0.0.1:<port>/from/<expression>},
 * whose expression (e.g. {@code ${quarkus.http.host}}) each converge's configuration resolves to its own address. A
 * request to {@code /from/<who>/<path>} is recorded as a {@link Call} by {@code <who>} and forwarded to
 * {@code <path>} at PowerDNS as it came (method, query, body, API key); PowerDNS's answer goes back as it came.
 */
final class PowerDnsTap implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM = "/from/";

    /** One request: who sent it, method, path and query at PowerDNS, PowerDNS's status, when (System.nanoTime). */
    record Call(String from, String method, String path, int status, long at) {
        /** A request on a zone resource (a read or a write of records), not the server probe. */
        boolean zone() {
            return path.contains("/zones/");
        }

        /** A request that changes the zone. */
        boolean write() {
            return zone() && !method.equals("GET");
        }

        @Override
        public String toString() {
            return from + " " + method + " " + path + " -> " + status;
        }
    }

    private final PowerDnsRig rig;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private PowerDnsTap(PowerDnsRig rig) throws IOException {
        this.rig = rig;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        server.createContext("/", this::forward);
        server.setExecutor(workers);
    }

    static PowerDnsTap start(PowerDnsRig rig) throws IOException {
        PowerDnsTap tap = new PowerDnsTap(rig);
        tap.server.start();
        return tap;
    }

    /** The API base to configure, {@code who} being resolved by each client (a config expression). */
    String base(String who) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + FROM + who;
    }

    /** Every call so far, in the order answered. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls so far that {@code which} accepts. */
    List<Call> calls(Predicate<Call> which) {
        return calls.stream().filter(which).toList();
    }

    /**
     * What PowerDNS holds in {@code zone} now, asked directly (not through the tap): one line per record set,
     * {@code name type ttl [contents sorted]}, sorted; the SOA is left out (PowerDNS bumps its serial on each change).
     */
    List<String> zone(String zone) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(rig.api().resolve("/api/v1/servers/localhost/zones/" + zone))
                .header("X-API-Key", PowerDnsRig.API_KEY).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET zone " + zone + ": " + r.statusCode() + " " + r.body());
        }
        TreeSet<String> sets = new TreeSet<>();
        for (JsonNode s : JSON.readTree(r.body()).path("rrsets")) {
            if (s.path("type").asText().equals("SOA")) {
                continue;
            }
            TreeSet<String> contents = new TreeSet<>();
            s.path("records").forEach(rec -> contents.add(rec.path("content").asText()
                    + (rec.path("disabled").asBoolean() ? " (disabled)" : "")));
            sets.add(s.path("name").asText() + " " + s.path("type").asText() + " " + s.path("ttl").asLong() + " "
                    + contents);
        }
        return new ArrayList<>(sets);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawPath();
            int slash = raw.startsWith(FROM) ? raw.indexOf('/', FROM.length()) : -1;
            if (slash < 0) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            String from = raw.substring(FROM.length(), slash);
            String query = exchange.getRequestURI().getRawQuery();
            String path = raw.substring(slash) + (query == null ? "" : "?" + query);
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(rig.api().resolve(path))
                    .timeout(Duration.ofSeconds(10)).method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("X-API-Key", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            calls.add(new Call(from, exchange.getRequestMethod(), path, answer.statusCode(), System.nanoTime()));
            answer.headers().firstValue("Content-Type")
                    .ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
            byte[] out = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }
}
