package io.converge.bench;

import io.converge.it.CaddyRig;
import io.converge.it.ConsulAgent;
import io.converge.it.ConvergeProcess;
import io.converge.it.SlapdRig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code deploy/dev/bench.sh routes}: how fast a Route follows the catalog through a real Caddy, and what the proxy
 * costs in requests per second, each beside the raw operation measured in the same run. With a Caddy of its own
 * ({@link CaddyRig}: Debian's Caddy 2.6 on free loopback ports, its base configuration holding a foreign server), a
 * Consul agent of its own, one {@code converge run} of this checkout ({@code bin/converge}, {@code target/quarkus-app})
 * as a proxy node driving that Caddy ({@code converge.proxy.*}; the periodic resync moved to 1 h), backends in the
 * bench's JVM ({@link StaticBackends}: JDK HTTP servers answering a fixed body, no fork per request) and, unless
 * {@code BENCH_LDAP=0}, a seeded slapd ({@link SlapdRig}).
 * <ul>
 * <li>(a) catalog change → route live: {@link RouteLatency}, {@code BENCH_CHANGES} flips of an instance's TTL check,
 * each timed from the Consul write's answer to the start of the first request through Caddy that reaches the new
 * upstream set ({@link HttpProbe}, a fresh connection per request, {@code BENCH_PROBE_GAP} apart); interleaved with
 * as many of Caddy's own applies of the same change, an admin-API {@code POST} of a server of the bench's own, timed
 * from just before the POST; converge's share is the difference of the two medians. Beside them converge's own
 * applies ({@code converge.aggregate.apply.duration}).</li>
 * <li>(b) throughput: {@link RouteThroughput}, {@code wrk} for {@code BENCH_WRK_SECONDS} with
 * {@code BENCH_WRK_THREADS} threads and {@code BENCH_WRK_CONNECTIONS} connections directly to one backend, through
 * Caddy by a Route without auth, and through a Route with LDAP auth (alice's Basic credentials in every request),
 * {@code BENCH_WRK_ROUNDS} rounds in that order; requests per second (median over the rounds) and their ratios, and
 * the CPU time Caddy and converge used in each run.</li>
 * </ul>
 * Nothing is asserted on the figures. The last line is
 * {@code routes: catalog-to-live-ms-p50 = N, proxied/direct = X.XX} (N with one decimal).
 */
public final class RoutesBench {
    final Bench bench;
    final int changes;
    final double settle;
    final Duration gap;
    final int wrkSeconds;
    final int wrkThreads;
    final int wrkConnections;
    final int wrkRounds;
    final boolean ldap;
    final String token = Bench.token();
    final String prefix = "converge-bench/routes-" + token;
    CaddyRig caddy;
    BenchConsul consul;
    ConvergeProcess converge;
    StaticBackends backends;
    SlapdRig slapd;

    RoutesBench(Map<String, String> env, PrintStream out) {
        bench = new Bench(env, out);
        changes = bench.integer("BENCH_CHANGES", 30);
        settle = bench.decimal("BENCH_SETTLE_SECONDS", 0.5);
        gap = Bench.duration("BENCH_PROBE_GAP", bench.text("BENCH_PROBE_GAP", "1ms"));
        wrkSeconds = bench.integer("BENCH_WRK_SECONDS", 10);
        wrkThreads = bench.integer("BENCH_WRK_THREADS", 2);
        wrkConnections = bench.integer("BENCH_WRK_CONNECTIONS", 50);
        wrkRounds = bench.integer("BENCH_WRK_ROUNDS", 1);
        String l = bench.text("BENCH_LDAP", "1");
        if (!l.equals("0") && !l.equals("1")) {
            throw new IllegalArgumentException("BENCH_LDAP must be 1 (measure with LDAP auth) or 0 (got '" + l + "')");
        }
        ldap = l.equals("1");
        if (changes < 2 || settle < 0 || wrkSeconds < 1 || wrkThreads < 1 || wrkConnections < wrkThreads
                || wrkRounds < 1) {
            throw new IllegalArgumentException("BENCH_CHANGES must be at least 2, BENCH_SETTLE_SECONDS not negative, "
                    + "BENCH_WRK_SECONDS, BENCH_WRK_THREADS and BENCH_WRK_ROUNDS at least 1, BENCH_WRK_CONNECTIONS at "
                    + "least BENCH_WRK_THREADS");
        }
    }

    /** {@code deploy/dev/bench.sh routes}: the knobs from the environment; exit status 0, 1 failed, 2 bad knob. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /** Runs the bench with these knobs; returns the exit status (the last line printed is the result). */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new RoutesBench(env, out)::runAll);
    }

    private void runAll() throws Exception {
        long start = System.nanoTime();
        bench.say("converge bench: routes  (%d changes, probe gap %.1f ms; wrk %d s, %d threads, %d connections, %d "
                        + "round(s)%s; %d CPUs, load average %s)", changes, gap.toNanos() / 1e6, wrkSeconds, wrkThreads,
                wrkConnections, wrkRounds, ldap ? "" : ", no LDAP", Runtime.getRuntime().availableProcessors(),
                ServiceBench.loadAverage());
        try (CaddyRig c = CaddyRig.start(); StaticBackends b = new StaticBackends();
             ConsulAgent agent = new ConsulAgent("bench-routes-" + token)) {
            caddy = c;
            backends = b;
            bench.say("  %s (admin %s, http port %d; %s)", version("caddy"), caddy.admin(), caddy.httpPort,
                    caddy.dir);
            if (ldap) {
                slapd = new SlapdRig().startSeeded();
            }
            agent.start();
            consul = new BenchConsul(agent.address());
            try {
                startConverge();
                bench.say("(a) catalog change → route live, beside Caddy's own apply (admin API POST of a server of "
                        + "the bench's own), interleaved");
                RouteLatency.Result a = new RouteLatency(this).run();
                bench.say("(b) requests per second with wrk: directly to the backend, through Caddy%s",
                        ldap ? ", through Caddy with LDAP auth" : "");
                RouteThroughput.Result tp = new RouteThroughput(this).run();
                report(a.raw(), a.converge(), tp, start);
            } finally {
                if (converge != null) {
                    converge.stop();
                }
            }
        } finally {
            if (slapd != null) {
                slapd.close();
            }
        }
    }

    private void startConverge() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("converge.kv.prefix", prefix);
        props.put("converge.consul.address", consul.address());
        props.put("converge.dnat.enabled", "false");
        props.put("converge.reconcile.resync-interval", "1h");
        props.put("converge.proxy.enabled", "true");
        props.put("converge.proxy.admin", caddy.admin().toString());
        props.put("converge.proxy.listen", String.join(",", caddy.listen()));
        props.put("converge.proxy.http-port", Integer.toString(caddy.httpPort));
        props.put("converge.proxy.auth.listen", "127.0.0.1:" + ConsulAgent.freePort());
        converge = new ConvergeProcess("bench-routes-" + token, props).viaLauncher(Path.of("bin", "converge"));
        long t = System.nanoTime();
        converge.startWithoutWaiting();
        converge.awaitReady(Duration.ofSeconds(120));
        bench.say("  converge ready after %.1fs (pid %d, http port %d, log %s)", (System.nanoTime() - t) / 1e9,
                converge.pid(), converge.httpPort(), converge.logFile());
    }

    /** Puts Route {@code name}: {@code spec} is the JSON of its spec. */
    void route(String name, String spec) {
        consul.kvPut(prefix + "/specs/routes/" + name, "{\"apiVersion\":\"converge/v1\",\"kind\":\"Route\","
                + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}");
    }

    /** Registers instance {@code id} of {@code service} on 127.0.0.1:{@code port} with a TTL check; returns its id. */
    String instance(String service, String id, int port, boolean passing) {
        consul.json("PUT", "/v1/agent/service/register", "{\"ID\":\"" + id + "\",\"Name\":\"" + service
                + "\",\"Address\":\"127.0.0.1\",\"Port\":" + port + ",\"Check\":{\"CheckID\":\"" + id + "-ttl\","
                + "\"TTL\":\"24h\",\"Status\":\"" + (passing ? "passing" : "critical") + "\"}}");
        return id + "-ttl";
    }

    private void report(RouteLatency.Samples raw, RouteLatency.Samples a, RouteThroughput.Result tp, long start)
            throws Exception {
        long problems = java.nio.file.Files.readAllLines(converge.logFile()).stream()
                .filter(l -> l.matches(".*\\s(WARN|ERROR)\\s.*")).count();
        if (problems > 0) {
            bench.say("  note: converge logged %d WARN/ERROR lines (see its log)", problems);
        }
        bench.say("  whole bench took %.0fs; load average now %s", (System.nanoTime() - start) / 1e9,
                ServiceBench.loadAverage());
        double aMs = Bench.ms(Bench.median(a.all()));
        double rawMs = Bench.ms(Bench.median(raw.all()));
        bench.say("routes: (a) catalog change → live %.1f ms (p95 %.1f), Caddy's own apply → live %.1f ms, "
                        + "converge's share %.1f ms; (b) direct %.0f req/s, proxied %.0f (%.2f)%s", aMs,
                Bench.ms(Bench.percentile(a.all(), 95)), rawMs, aMs - rawMs, tp.direct(), tp.proxied(),
                tp.proxied() / tp.direct(), ldap ? String.format(", with LDAP auth %.0f (%.2f of proxied)", tp.ldap(),
                        tp.ldap() / tp.proxied()) : "");
        bench.say("routes: catalog-to-live-ms-p50 = %.1f, proxied/direct = %.2f", aMs, tp.proxied() / tp.direct());
    }

    /** The first word of {@code tool version}'s answer (Caddy's version). */
    static String version(String tool) {
        io.converge.it.Cmd.Result r = io.converge.it.Cmd.run(java.util.List.of(tool, "version"), "",
                Duration.ofSeconds(10));
        return tool + " " + (r.out().isBlank() ? "?" : r.out().strip().split("\\s+")[0]);
    }
}
