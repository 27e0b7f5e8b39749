package io.converge.bench;

import io.converge.it.ConsulAgent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Part (a) of the routes bench. Two backends answer their port numbers; {@code b} is the one on the lower port,
 * so that it sorts first among the upstreams and a route with load-balancing policy {@code first} sends every request
 * to it while it is an upstream, and to {@code a} otherwise: each request says which upstream set is live, in both
 * directions. Changes alternate between adding {@code b} (timed to the start of the first request answered {@code b})
 * and removing it (to the first answered {@code a}); each waits {@code BENCH_SETTLE_SECONDS} after its hit. Two ways,
 * interleaved change by change (after {@value #WARM_UP} untimed changes of each), so that both see the same machine:
 * <ul>
 * <li>raw: a server of the bench's own in Caddy ({@value #RAW_SERVER}, on a port of its own) with one such route,
 * changed by {@code POST /config/apps/http/servers/bench-raw} of the whole server with the new upstreams (as converge
 * sends its server), timed from just before the POST: Caddy's own apply, its config reload included;</li>
 * <li>converge: Route {@code bench-live} (host {@value #HOST}, policy {@code first}) to service {@code bench-live},
 * instance {@code a} passing, instance {@code b}'s TTL check flipped with {@code PUT /v1/agent/check/pass|fail/<id>},
 * timed from the write's answer.</li>
 * </ul>
 * Beside them, converge's own applies over the timed changes ({@code converge.aggregate.apply.duration}, kind
 * routes: count and mean).
 */
final class RouteLatency {
    static final String HOST = "live.bench.test";
    static final String RAW_SERVER = "bench-raw";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Untimed changes of each kind before the timed ones. */
    private static final int WARM_UP = 4;
    private final RoutesBench rb;
    private final int portA;
    private final int portB;

    /** The timed changes of one run. */
    record Samples(List<Long> toNew, List<Long> toOld, List<Long> all, List<Long> request, List<Long> resolution,
                   int[] others) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new int[1]);
        }
    }

    RouteLatency(RoutesBench rb) throws IOException {
        this.rb = rb;
        int one = rb.backends.serveOwnPort();
        int two = rb.backends.serveOwnPort();
        this.portA = Math.max(one, two);
        this.portB = Math.min(one, two);
        if (portA == portB) {
            throw new Bench.Failed("two backends on one port " + portA);
        }
    }

    /** Both runs' samples. */
    record Result(Samples raw, Samples converge) {
    }

    Result run() throws Exception {
        int rawPort = ConsulAgent.freePort();
        post(rawServer(rawPort, false));
        HttpProbe raw = new HttpProbe(rawPort, HOST, rb.gap);
        raw.await(a(), Duration.ofSeconds(10));
        rb.instance("bench-live", "bench-live-a", portA, true);
        String check = rb.instance("bench-live", "bench-live-b", portB, false);
        long t = System.nanoTime();
        rb.route("bench-live", "{\"host\":\"" + HOST + "\",\"service\":\"bench-live\",\"loadBalancing\":\"first\"}");
        HttpProbe probe = new HttpProbe(rb.caddy.httpPort, HOST, rb.gap);
        probe.await(a(), Duration.ofSeconds(60));
        rb.bench.say("  route bench-live (%s → 127.0.0.1:%d, b on :%d flipping) answered %.1fs after it was put; the "
                + "bench's server %s on :%d", HOST, portA, portB, (System.nanoTime() - t) / 1e9, RAW_SERVER, rawPort);
        Change direct = add -> post(rawServer(rawPort, add));
        Change viaConsul = add -> rb.consul.json("PUT", "/v1/agent/check/" + (add ? "pass/" : "fail/") + check, null);
        for (int i = 0; i < WARM_UP; i++) {
            flip(raw, i % 2 == 0, direct);
            flip(probe, i % 2 == 0, viaConsul);
        }
        Bench.sleep(Math.max(1, rb.settle));
        Samples r = new Samples();
        Samples c = new Samples();
        String before = ConsulRequests.scrape(rb.converge.httpPort());
        for (int i = 0; i < rb.changes; i++) {
            boolean add = i % 2 == 0;
            Timed d = flip(raw, add, direct);
            record(r, add, d.hit().atNanos() - d.start(), d);
            Timed v = flip(probe, add, viaConsul);
            record(c, add, v.hit().atNanos() - v.end(), v);
        }
        String after = ConsulRequests.scrape(rb.converge.httpPort());
        send("DELETE", "/config/apps/http/servers/" + RAW_SERVER, null);
        say(r, c, before, after);
        rb.bench.say("  requests without a 200 (all, warm-up included): raw %s; converge %s", raw.failures(),
                probe.failures());
        return new Result(r, c);
    }

    /** One change of the upstream set: adds b, or removes it. */
    private interface Change {
        void make(boolean add) throws Exception;
    }

    /** A change and its first hit: the change's start and end (nanoTime), and the hit. */
    private record Timed(long start, long end, HttpProbe.Hit hit) {
    }

    private Timed flip(HttpProbe probe, boolean add, Change change) throws Exception {
        long[] w = new long[2];
        HttpProbe.Hit hit = probe.change(add ? b() : a(), () -> {
            w[0] = System.nanoTime();
            change.make(add);
            w[1] = System.nanoTime();
        }, Duration.ofSeconds(30));
        Bench.sleep(rb.settle);
        return new Timed(w[0], w[1], hit);
    }

    /** What backend a answers: its port. */
    private String a() {
        return Integer.toString(portA);
    }

    private String b() {
        return Integer.toString(portB);
    }

    private void say(Samples r, Samples c, String before, String after) {
        rb.bench.say(Bench.row("raw POST → b answers", r.toNew()));
        rb.bench.say(Bench.row("raw POST → a answers", r.toOld()));
        rb.bench.say(Bench.row("raw POST → live, all", r.all()));
        rb.bench.say(Bench.row("  (the POST itself)", r.request()));
        rb.bench.say(Bench.row("converge: b passing → b answers", c.toNew()));
        rb.bench.say(Bench.row("converge: b critical → a answers", c.toOld()));
        rb.bench.say(Bench.row("converge: all changes", c.all()));
        rb.bench.say(Bench.row("  (the Consul write itself)", c.request()));
        double n = DnatLatency.sample(after, "routes", "_count") - DnatLatency.sample(before, "routes", "_count");
        double sum = DnatLatency.sample(after, "routes", "_sum") - DnatLatency.sample(before, "routes", "_sum");
        rb.bench.say("  converge's own applies meanwhile (converge.aggregate.apply.duration: render, admin POST): "
                + "%.0f, mean %.1f ms", n, n == 0 ? 0 : sum / n * 1000);
        List<Long> resolution = new ArrayList<>(r.resolution());
        resolution.addAll(c.resolution());
        rb.bench.say("  probe resolution (distance between the starts of its last two requests): median %.3f ms, max "
                        + "%.3f ms; requests that got neither backend while waiting: %d",
                Bench.ms(Bench.median(resolution)), Bench.ms(Bench.percentile(resolution, 100)),
                r.others()[0] + c.others()[0]);
    }

    private static void record(Samples s, boolean add, long latency, Timed t) {
        (add ? s.toNew() : s.toOld()).add(latency);
        s.all().add(latency);
        s.request().add(t.end() - t.start());
        s.resolution().add(t.hit().resolutionNanos());
        s.others()[0] += t.hit().others();
    }

    /** The bench's own server: the route to {@code a}, and to {@code b} first when {@code withB}. */
    private String rawServer(int port, boolean withB) {
        String upstreams = (withB ? "{\"dial\":\"127.0.0.1:" + portB + "\"}," : "") + "{\"dial\":\"127.0.0.1:" + portA
                + "\"}";
        return "{\"listen\":[\"127.0.0.1:" + port + "\"],\"automatic_https\":{\"disable\":true},\"routes\":[{"
                + "\"match\":[{\"host\":[\"" + HOST + "\"]}],\"handle\":[{\"handler\":\"reverse_proxy\","
                + "\"upstreams\":[" + upstreams + "],"
                + "\"load_balancing\":{\"selection_policy\":{\"policy\":\"first\"}}}],"
                + "\"terminal\":true}]}";
    }

    private void post(String server) throws IOException, InterruptedException {
        send("POST", "/config/apps/http/servers/" + RAW_SERVER, server);
    }

    private void send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(rb.caddy.admin().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() != 200) {
            throw new Bench.Failed("caddy " + method + " " + path + ": HTTP " + a.statusCode() + " " + a.body());
        }
    }
}
