package io.converge.bench;

import io.converge.it.CaddyRig;
import io.converge.it.Cmd;
import io.converge.it.SlapdRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part (b) of the routes bench: requests per second with Debian's {@code wrk} ({@code BENCH_WRK_SECONDS},
 * {@code BENCH_WRK_THREADS}, {@code BENCH_WRK_CONNECTIONS}; {@code GET /}, keep-alive) against one backend answering a
 * {@value #PAGE_BYTES}-byte page ({@link StaticBackends}), registered as service {@code bench-tp}: directly to the
 * backend; through Caddy by Route {@code bench-tp} (host {@value #HOST}, no auth); and, with LDAP, through Caddy by
 * Route {@code bench-tp-ldap} (host {@value #LDAP_HOST}, {@code auth.type: ldap} against the bench's slapd) with
 * alice's Basic credentials in every request, so each request also goes through Caddy's forward auth to converge's
 * endpoint (which reuses an accepted Basic login for 30 s: the directory sees about one bind per 30 s, counted from
 * slapd's log). Each target gets an untimed warm-up of up to 2 s, then {@code BENCH_WRK_ROUNDS} rounds run the
 * targets in that order; a run with non-2xx answers or socket errors is reported as such, and its figure kept.
 * Beside each run, the CPU time Caddy and converge used during it ({@code /proc}).
 */
final class RouteThroughput {
    static final String HOST = "tp.bench.test";
    static final String LDAP_HOST = "ldap.bench.test";
    static final int PAGE_BYTES = 612;
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("Latency\\s+(\\S+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: ([^\\n]+)");
    private final RoutesBench rb;

    /** Medians over the rounds, in requests per second; {@code ldap} is 0 without LDAP. */
    record Result(double direct, double proxied, double ldap) {
    }

    private record Target(String name, String url, List<String> headers) {
    }

    RouteThroughput(RoutesBench rb) {
        this.rb = rb;
    }

    Result run() throws Exception {
        String page = "<!DOCTYPE html>\n<html><head><title>bench</title></head><body>\n";
        page += "x".repeat(PAGE_BYTES - page.length() - "\n</body></html>\n".length()) + "\n</body></html>\n";
        int port = rb.backends.serve(page);
        rb.instance("bench-tp", "bench-tp-1", port, true);
        rb.route("bench-tp", "{\"host\":\"" + HOST + "\",\"service\":\"bench-tp\"}");
        List<Target> targets = new ArrayList<>(List.of(
                new Target("direct", "http://127.0.0.1:" + port + "/", List.of()),
                new Target("proxied", proxied(), List.of("Host: " + HOST))));
        awaitServing(HOST);
        if (rb.ldap) {
            targets.add(new Target("ldap", proxied(), List.of("Host: " + LDAP_HOST, "Authorization: Basic "
                    + Base64.getEncoder().encodeToString(("alice:" + SlapdRig.ALICE_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)))));
            routeWithLdap();
            awaitServing(LDAP_HOST, "-u", "alice:" + SlapdRig.ALICE_PASSWORD);
            int refused = rb.caddy.http(LDAP_HOST, "/").status();
            rb.bench.say("  route bench-tp-ldap answers %d without credentials, 200 with alice's", refused);
            if (refused != 401) {
                throw new Bench.Failed("the LDAP route answered " + refused + " without credentials, not 401");
            }
        }
        rb.bench.say("  %s; backend 127.0.0.1:%d (%d-byte page)", wrkVersion(), port, PAGE_BYTES);
        for (Target t : targets) {
            wrk(t, Math.min(2, rb.wrkSeconds));
        }
        List<List<Double>> rates = new ArrayList<>();
        targets.forEach(t -> rates.add(new ArrayList<>()));
        long binds = rb.ldap ? rb.slapd.userBinds() : 0;
        for (int round = 1; round <= rb.wrkRounds; round++) {
            for (int i = 0; i < targets.size(); i++) {
                rates.get(i).add(measure(targets.get(i), round));
            }
        }
        if (rb.ldap) {
            rb.bench.say("  with LDAP auth: slapd saw %d user binds over the timed runs", rb.slapd.userBinds() - binds);
        }
        return new Result(median(rates.get(0)), median(rates.get(1)), rb.ldap ? median(rates.get(2)) : 0);
    }

    private String proxied() {
        return "http://127.0.0.1:" + rb.caddy.httpPort + "/";
    }

    private void routeWithLdap() throws Exception {
        Path secret = rb.caddy.dir.resolve("bench-bind-password");
        Files.writeString(secret, SlapdRig.BIND_PASSWORD);
        String ldap = "{\"url\":\"" + rb.slapd.url() + "\",\"baseDn\":\"" + SlapdRig.PEOPLE + "\","
                + "\"userFilter\":\"(uid={username})\",\"bindDn\":\"" + SlapdRig.BIND_DN + "\","
                + "\"bindPasswordFile\":\"" + secret + "\"}";
        rb.route("bench-tp-ldap", "{\"host\":\"" + LDAP_HOST + "\",\"service\":\"bench-tp\","
                + "\"auth\":{\"type\":\"ldap\",\"ldap\":" + ldap + "}}");
    }

    private void awaitServing(String host, String... curlArgs) throws InterruptedException {
        if (!Bench.waitUntil(() -> {
            CaddyRig.Reply r = rb.caddy.http(host, "/", curlArgs);
            return r.status() == 200 && r.body().startsWith("<!DOCTYPE html>");
        }, Duration.ofSeconds(60), 100)) {
            throw new Bench.Failed("the route for " + host + " did not serve the page within 60s; see "
                    + rb.converge.logFile());
        }
    }

    /** One timed run: its requests per second, with a line saying it and the CPU time Caddy and converge used. */
    private double measure(Target t, int round) throws Exception {
        long caddyPid = caddyPid();
        double caddyCpu = Bench.cpuSeconds(caddyPid);
        double convergeCpu = Bench.cpuSeconds(rb.converge.pid());
        String out = wrk(t, rb.wrkSeconds);
        caddyCpu = Bench.cpuSeconds(caddyPid) - caddyCpu;
        convergeCpu = Bench.cpuSeconds(rb.converge.pid()) - convergeCpu;
        double rate = Double.parseDouble(find(RATE, out, "0"));
        rb.bench.say("  round %d %-8s %7.0f req/s  latency avg %-8s non-2xx %s, socket errors %s; CPU s: caddy %.1f, "
                        + "converge %.1f", round, t.name(), rate, find(LATENCY, out, "?"), find(NON_2XX, out, "0"),
                find(SOCKET, out, "none"), caddyCpu, convergeCpu);
        return rate;
    }

    /** The rig's Caddy: the bench's child process running {@code caddy}. */
    private static long caddyPid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/caddy")).orElse(false))
                .reduce((first, second) -> {
                    throw new Bench.Failed("more than one caddy under the bench's JVM");
                }).orElseThrow(() -> new Bench.Failed("no caddy under the bench's JVM")).pid();
    }

    private String wrk(Target t, int seconds) {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t", Integer.toString(rb.wrkThreads), "-c",
                Integer.toString(rb.wrkConnections), "-d", seconds + "s"));
        t.headers().forEach(h -> cmd.addAll(List.of("-H", h)));
        cmd.add(t.url());
        Cmd.Result r = Cmd.run(cmd, "", Duration.ofSeconds(seconds + 60L));
        if (!r.ok() || !RATE.matcher(r.out()).find()) {
            throw new Bench.Failed("wrk (" + t.name() + ") failed: exit " + r.exitCode() + " " + r.out() + r.err());
        }
        return r.out();
    }

    private static String wrkVersion() {
        String v = Cmd.run(List.of("wrk", "-v"), "", Duration.ofSeconds(10)).out().strip();
        return v.isEmpty() ? "wrk" : v.lines().findFirst().orElse("wrk").replaceAll("\\s*\\[.*", "");
    }

    private static String find(Pattern p, String text, String fallback) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : fallback;
    }

    private static double median(List<Double> values) {
        return Bench.median(values.stream().map(v -> Math.round(v * 1000)).toList()) / 1000.0;
    }
}
