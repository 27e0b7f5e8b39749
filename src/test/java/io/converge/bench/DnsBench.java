package io.converge.bench;

import io.converge.it.BindRig;
import io.converge.it.Cmd;
import io.converge.it.ConsulAgent;
import io.converge.it.ConvergeProcess;
import io.converge.it.PowerDnsRig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy/dev/bench.sh dns}: how fast a DnsRecord that follows a service is answered by the authoritative server
 * after a catalog change, per provider, beside the provider called directly in the same run. With a Consul agent of
 * its own (its node carrying meta {@code site}), for each provider in turn: its server on free loopback ports
 * ({@code powerdns}: {@link PowerDnsRig}, PowerDNS 4.7 with the sqlite3 backend, zone {@value DnsLatency#ZONE} made
 * through its API; {@code rfc2136}: {@link BindRig}, BIND 9.18 with a TSIG key allowed to update the zone), and one
 * {@code converge run} of this checkout ({@code bin/converge}, {@code target/quarkus-app}) with
 * {@code converge.dns.provider} set to it, the secret in a file, the periodic resync moved to 1 h; it is the
 * cluster's only node, so the leader. {@link DnsLatency} times {@code BENCH_CHANGES} flips of the followed service's
 * TTL check, each from the Consul write's answer to the first UDP answer that shows it ({@link DnsProbe},
 * {@code BENCH_PROBE_GAP} apart), interleaved with as many direct calls ({@link DnsDirect}: a PowerDNS PATCH, an
 * RFC 2136 UPDATE) timed from just before the call. PowerDNS's packet and query caches stay on, as the rig configures
 * them: its API purges them for the zone on every change, converge's and the direct one alike.
 * <p>
 * Nothing is asserted on the figures. The last line is
 * {@code dns: event-to-answer-ms-p50 = N (powerdns), N (rfc2136)} (N with one decimal).
 */
public final class DnsBench {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+\\S*");
    final Bench bench;
    final int changes;
    final double settle;
    final Duration gap;
    final String token = Bench.token();
    BenchConsul consul;
    private String prefix;

    DnsBench(Map<String, String> env, PrintStream out) {
        bench = new Bench(env, out);
        changes = bench.integer("BENCH_CHANGES", 30);
        settle = bench.decimal("BENCH_SETTLE_SECONDS", 0.5);
        gap = Bench.duration("BENCH_PROBE_GAP", bench.text("BENCH_PROBE_GAP", "1ms"));
        if (changes < 2 || settle < 0) {
            throw new IllegalArgumentException("BENCH_CHANGES must be at least 2, BENCH_SETTLE_SECONDS not negative");
        }
    }

    /** {@code deploy/dev/bench.sh dns}: the knobs from the environment; exit status 0, 1 failed, 2 bad knob. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /** Runs the bench with these knobs; returns the exit status (the last line printed is the result). */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new DnsBench(env, out)::runAll);
    }

    private void runAll() throws Exception {
        long start = System.nanoTime();
        bench.say("converge bench: dns  (%d changes per provider, probe gap %.1f ms; %d CPUs, load average %s)",
                changes, gap.toNanos() / 1e6, Runtime.getRuntime().availableProcessors(), ServiceBench.loadAverage());
        List<DnsLatency.Result> results = new ArrayList<>();
        try (ConsulAgent agent = new ConsulAgent("bench-dns-" + token)) {
            agent.start();
            consul = new BenchConsul(agent.address());
            String site = consul.json("GET", "/v1/agent/self", null).path("Meta").path("site").asText("");
            if (site.isEmpty()) {
                throw new Bench.Failed("the bench's Consul agent " + agent.node() + " has no node meta site");
            }
            results.add(powerDns(site));
            results.add(rfc2136(site));
        }
        report(results, start);
    }

    private DnsLatency.Result powerDns(String site) throws Exception {
        try (PowerDnsRig rig = PowerDnsRig.start()) {
            rig.createZone(DnsLatency.ZONE);
            bench.say("powerdns: %s (dns 127.0.0.1:%d, api %s; %s)", version("pdns_server", "--version"),
                    rig.dnsPort, rig.api(), rig.dir);
            Path key = Files.writeString(rig.dir.resolve("api-key"), PowerDnsRig.API_KEY);
            Map<String, String> props = props("powerdns");
            props.put("converge.dns.powerdns.url", rig.api().toString());
            props.put("converge.dns.powerdns.api-key-file", key.toString());
            DnsDirect direct = DnsDirect.powerDns(rig, DnsLatency.ZONE, DnsLatency.RAW, DnsLatency.target(site));
            return measure("powerdns", props, rig.dnsPort, direct, site);
        }
    }

    private DnsLatency.Result rfc2136(String site) throws Exception {
        try (BindRig rig = BindRig.start()) {
            bench.say("rfc2136: %s (dns %s, TSIG key %s; %s)", version("named", "-v"), rig.server(), BindRig.KEY,
                    rig.dir);
            Path secret = Files.writeString(rig.dir.resolve("tsig-secret"), rig.secret());
            Map<String, String> props = props("rfc2136");
            props.put("converge.dns.rfc2136.server", rig.server());
            props.put("converge.dns.rfc2136.key-name", BindRig.KEY);
            props.put("converge.dns.rfc2136.key-secret-file", secret.toString());
            DnsDirect direct = DnsDirect.rfc2136(rig, DnsLatency.ZONE, DnsLatency.RAW, DnsLatency.target(site));
            return measure("rfc2136", props, rig.port, direct, site);
        }
    }

    /** converge's properties for {@code provider}, under a KV prefix of its own. */
    private Map<String, String> props(String provider) {
        prefix = "converge-bench/dns-" + token + "-" + provider;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("converge.kv.prefix", prefix);
        props.put("converge.consul.address", consul.address());
        props.put("converge.dnat.enabled", "false");
        props.put("converge.reconcile.resync-interval", "1h");
        props.put("converge.dns.provider", provider);
        props.put("converge.dns.zones", DnsLatency.ZONE);
        return props;
    }

    private DnsLatency.Result measure(String provider, Map<String, String> props, int dnsPort, DnsDirect direct,
                                      String site) throws Exception {
        ConvergeProcess converge = new ConvergeProcess("bench-dns-" + provider + "-" + token, props)
                .viaLauncher(Path.of("bin", "converge"));
        try {
            long t = System.nanoTime();
            converge.startWithoutWaiting();
            converge.awaitReady(Duration.ofSeconds(120));
            bench.say("  converge ready after %.1fs (pid %d, http port %d, log %s)", (System.nanoTime() - t) / 1e9,
                    converge.pid(), converge.httpPort(), converge.logFile());
            DnsLatency.Result r = new DnsLatency(this, dnsPort, direct, site).run(provider);
            long problems = Files.readAllLines(converge.logFile()).stream()
                    .filter(l -> l.matches(".*\\s(WARN|ERROR)\\s.*")).count();
            if (problems > 0) {
                bench.say("  note: converge logged %d WARN/ERROR lines (see its log)", problems);
            }
            return r;
        } finally {
            converge.stop();
            consul.json("PUT", "/v1/agent/service/deregister/" + DnsLatency.SERVICE + "-1", null);
        }
    }

    /** Registers instance {@code id} of {@code service} with a TTL check; returns the check's id. */
    String instance(String service, String id, boolean passing) {
        consul.json("PUT", "/v1/agent/service/register", "{\"ID\":\"" + id + "\",\"Name\":\"" + service
                + "\",\"Address\":\"127.0.0.1\",\"Port\":8080,\"Check\":{\"CheckID\":\"" + id + "-ttl\","
                + "\"TTL\":\"24h\",\"Status\":\"" + (passing ? "passing" : "critical") + "\"}}");
        return id + "-ttl";
    }

    /** Puts DnsRecord {@code name}: {@code spec} is the JSON of its spec. */
    void dnsRecord(String name, String spec) {
        consul.kvPut(prefix + "/specs/dnsrecords/" + name, "{\"apiVersion\":\"converge/v1\",\"kind\":\"DnsRecord\","
                + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}");
    }

    /** Waits until DnsRecord {@code name}'s status is in {@code phase} (the leader passed over it). */
    void awaitPhase(String name, String phase, Duration limit) throws InterruptedException {
        String key = prefix + "/status/dnsrecords/" + name;
        if (!Bench.waitUntil(() -> consul.kvJson(key).map(s -> s.path("phase").asText()).orElse("").equals(phase),
                limit, 50)) {
            throw new Bench.Failed("DnsRecord " + name + " not " + phase + " within " + limit + "; status: "
                    + consul.kvJson(key).map(Object::toString).orElse("none"));
        }
    }

    private void report(List<DnsLatency.Result> results, long start) {
        bench.say("  whole bench took %.0fs; load average now %s", (System.nanoTime() - start) / 1e9,
                ServiceBench.loadAverage());
        List<String> last = new ArrayList<>();
        for (DnsLatency.Result r : results) {
            double c = Bench.ms(Bench.median(r.converge().all()));
            double d = Bench.ms(Bench.median(r.direct().all()));
            bench.say("dns: %s: catalog change → answer %.1f ms (p95 %.1f), direct call → answer %.1f ms "
                            + "(p95 %.1f), converge/direct = %.2f, converge's share %.1f ms", r.provider(), c,
                    Bench.ms(Bench.percentile(r.converge().all(), 95)), d,
                    Bench.ms(Bench.percentile(r.direct().all(), 95)), c / d, c - d);
            last.add(String.format("%.1f (%s)", c, r.provider()));
        }
        bench.say("dns: event-to-answer-ms-p50 = " + String.join(", ", last));
    }

    /** {@code tool} and the first version number its {@code flag} prints (pdns_server prints it among log lines). */
    static String version(String tool, String flag) {
        Cmd.Result r = Cmd.run(List.of(tool, flag), "", Duration.ofSeconds(10));
        Matcher m = VERSION.matcher(r.out() + r.err());
        return tool + " " + (m.find() ? m.group() : "?");
    }
}
