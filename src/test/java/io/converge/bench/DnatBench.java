package io.converge.bench;

import io.converge.dnat.Backend;
import io.converge.dnat.Forward;
import io.converge.dnat.Protocol;
import io.converge.dnat.Ruleset;
import io.converge.dnat.nft.NftScript;
import io.converge.it.ConsulAgent;
import io.converge.it.ConvergeProcess;
import io.converge.it.NetRig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy/dev/bench.sh dnat}: how fast converge's nftables DNAT follows the catalog and what loading a large
 * ruleset costs, each beside the raw operation measured in the same run. On this machine (root), in a {@link NetRig}
 * (a node namespace holding the firewall, a client namespace on its WAN side, backends b0 and b1, each with a
 * {@link TcpProbe#sink} on port {@value #SINK_PORT} that accepts and closes connections without forking), with a
 * Consul agent of its own and one {@code converge run} of this checkout ({@code bin/converge},
 * {@code target/quarkus-app}) whose firewall lives in the node namespace ({@code converge.dnat.netns}, the node's
 * WAN address as {@code wan-addresses}, the periodic resync moved to 1 h). Connections are made by a
 * {@link TcpProbe} in the client namespace, {@code BENCH_PROBE_GAP} apart.
 * <ul>
 * <li>(b) apply: {@link DnatApply}, {@code BENCH_FORWARDS} forwards with 2 backends each through
 * {@code NftFirewall.apply} beside a raw {@code nft -f -} of the same text, {@code BENCH_SAMPLES} interleaved
 * samples, each loading into emptied tables; medians. Run first, before converge starts.</li>
 * <li>(a) catalog change → rule live: one PortForward (port 8000) to a service with one instance on b0 (a TTL
 * check); {@code BENCH_CHANGES} flips of the check (critical, passing, ...) through the agent's
 * {@code /v1/agent/check/fail|pass}; each latency runs from the write's answer to the start of the probe's first
 * connection that is refused (after critical) or established (after passing). The raw reference, measured before
 * converge starts with the same probe and port: {@code nft -f -} of {@link NftScript}'s rendering of that forward
 * with and without its backend, from just before nft is started to the probe's first connection with the new
 * outcome.</li>
 * <li>(c) one change among many forwards: {@link DnatWorld}, {@code BENCH_FORWARDS} PortForwards with 2 instances
 * each, one instance's check changed at a time, through converge, timed with the probe as in (a).</li>
 * </ul>
 * Nothing is asserted on the figures. The last line is {@code dnat: apply-N / raw-nft = X.XX} (N the forwards).
 */
public final class DnatBench {
    static final int PORT = 8000;
    /** Where the backends' {@link TcpProbe#sink} listens: what the forwards go to. */
    static final int SINK_PORT = 7000;
    final Bench bench;
    final int forwards;
    final int samples;
    final int changes;
    final double settle;
    final Duration gap;
    /** More {@code -Dname=value} options for converge. */
    final String javaOpts;
    final String token = Bench.token();
    final String prefix = "converge-bench/dnat-" + token;
    NetRig rig;
    BenchConsul consul;
    ConvergeProcess converge;
    TcpProbe probe;
    private final List<Process> sinks = new java.util.ArrayList<>();

    DnatBench(Map<String, String> env, PrintStream out) {
        bench = new Bench(env, out);
        forwards = bench.integer("BENCH_FORWARDS", 1000);
        samples = bench.integer("BENCH_SAMPLES", 7);
        changes = bench.integer("BENCH_CHANGES", 30);
        settle = bench.decimal("BENCH_SETTLE_SECONDS", 0.5);
        gap = Bench.duration("BENCH_PROBE_GAP", bench.text("BENCH_PROBE_GAP", "1ms"));
        javaOpts = bench.text("BENCH_JAVA_OPTS", "");
        for (String opt : javaOpts.isEmpty() ? new String[0] : javaOpts.split("\\s+")) {
            if (!opt.matches("-D[^=]+=.*")) {
                throw new IllegalArgumentException("BENCH_JAVA_OPTS holds -Dname=value options only (got '" + opt
                        + "')");
            }
        }
        if (forwards < 2 || forwards > 9999 || samples < 1 || changes < 2 || settle < 0) {
            throw new IllegalArgumentException("BENCH_FORWARDS must be 2-9999, BENCH_SAMPLES at least 1, "
                    + "BENCH_CHANGES at least 2, BENCH_SETTLE_SECONDS not negative");
        }
    }

    /** {@code deploy/dev/bench.sh dnat}: the knobs from the environment; exit status 0, 1 failed, 2 bad knob. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out));
    }

    /** Runs the bench with these knobs; returns the exit status (the last line printed is the result). */
    public static int run(Map<String, String> env, PrintStream out) {
        return Bench.exitStatus(out, () -> new DnatBench(env, out)::runAll);
    }

    private void runAll() throws Exception {
        long start = System.nanoTime();
        bench.say("converge bench: dnat  (%d forwards, %d samples, %d changes, probe gap %s; %d CPUs, load average "
                + "%s)", forwards, samples, changes, gap, Runtime.getRuntime().availableProcessors(),
                ServiceBench.loadAverage());
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        try (NetRig r = NetRig.create(); ConsulAgent agent = new ConsulAgent("bench-dnat-" + token)) {
            rig = r;
            List<String> backends = List.of(rig.backend(0).v4(), rig.backend(1).v4());
            Path log = logs.resolve("bench-dnat-" + token + "-probe.log");
            for (int i = 0; i < 2; i++) {
                sinks.add(TcpProbe.sink(rig.backend(i).ns(), SINK_PORT, log));
            }
            probe = new TcpProbe(rig.client(), rig.wan4(), gap, Duration.ofMillis(200), log);
            bench.say("  rig %s: node %s, WAN %s, backends %s", rig, rig.node(), rig.wan4(), backends);
            bench.say("(b) %d forwards with 2 backends each: NftFirewall.apply beside raw nft -f of the same text",
                    forwards);
            DnatApply apply = new DnatApply(bench, rig.node(), forwards, samples, List.of(rig.wan4()), backends);
            DnatApply.Result b = apply.run();
            bench.say("  medians: apply %.1f ms, raw nft -f %.1f ms (into emptied tables); render %.1f ms; read-back "
                            + "%.1f ms; raw nft -f replacing the full tables %.1f ms", Bench.ms(b.apply()),
                    Bench.ms(b.raw()), Bench.ms(b.render()), Bench.ms(b.readBack()), Bench.ms(b.replace()));
            bench.say("(a) catalog change → rule live; raw reference: nft -f of the rendering with/without the "
                    + "backend");
            DnatFlips.Samples raw = rawFlips(apply);
            agent.start();
            consul = new BenchConsul(agent.address());
            try {
                startConverge();
                DnatFlips.Samples a = new DnatLatency(this).run();
                bench.say("(c) one change among %d forwards, through converge", forwards);
                DnatFlips.Samples c = new DnatWorld(this).run();
                report(raw, a, b, c, start);
            } finally {
                if (converge != null) {
                    converge.stop();
                }
            }
        } finally {
            if (probe != null) {
                probe.close();
            }
            sinks.forEach(Process::destroyForcibly);
        }
    }

    private DnatFlips.Samples rawFlips(DnatApply apply) throws Exception {
        Forward with = new Forward("pf-bench-a", "portforwards/bench-a", Protocol.TCP, PORT, List.of(),
                List.of(new Backend(rig.backend(0).v4(), SINK_PORT, false)));
        String on = NftScript.render(new Ruleset(List.of(rig.wan4()), List.of(with))).text();
        String off = NftScript.render(new Ruleset(List.of(rig.wan4()), List.of(with.withBackends(List.of()))))
                .text();
        apply.raw(on);
        probe.await(true, PORT, Duration.ofSeconds(10));
        DnatFlips.Samples s = new DnatFlips(probe, Duration.ofSeconds(10), settle)
                .alternate(PORT, changes, DnatFlips.From.START, ok -> apply.raw(ok ? on : off));
        apply.clear();
        bench.say(Bench.row("raw nft -f → refused", s.toFail()));
        bench.say(Bench.row("raw nft -f → answers", s.toOk()));
        bench.say(Bench.row("  (nft -f itself)", s.request()));
        return s;
    }

    private void startConverge() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("converge.kv.prefix", prefix);
        props.put("converge.consul.address", consul.address());
        props.put("converge.dnat.enabled", "true");
        props.put("converge.dnat.netns", rig.node());
        props.put("converge.dnat.wan-addresses", rig.wan4());
        props.put("converge.reconcile.resync-interval", "1h");
        for (String opt : javaOpts.isEmpty() ? new String[0] : javaOpts.split("\\s+")) {
            props.put(opt.substring(2, opt.indexOf('=')), opt.substring(opt.indexOf('=') + 1));
        }
        converge = new ConvergeProcess("bench-dnat-" + token, props).viaLauncher(Path.of("bin", "converge"));
        long t = System.nanoTime();
        converge.startWithoutWaiting();
        converge.awaitReady(Duration.ofSeconds(120));
        bench.say("  converge ready after %.1fs (pid %d, http port %d, log %s)%s", (System.nanoTime() - t) / 1e9,
                converge.pid(), converge.httpPort(), converge.logFile(), javaOpts.isEmpty() ? "" : "; " + javaOpts);
    }

    private void report(DnatFlips.Samples raw, DnatFlips.Samples a, DnatApply.Result b, DnatFlips.Samples c,
                        long start) throws Exception {
        long problems = Files.readAllLines(converge.logFile()).stream()
                .filter(l -> l.matches(".*\\s(WARN|ERROR)\\s.*")).count();
        if (problems > 0) {
            bench.say("  note: converge logged %d WARN/ERROR lines (see its log)", problems);
        }
        List<Long> resolution = new java.util.ArrayList<>(raw.resolution());
        resolution.addAll(a.resolution());
        resolution.addAll(c.resolution());
        bench.say("  probe resolution (distance between its last two attempts): median %.3f ms, max %.3f ms; probe "
                        + "connections timed out while waiting: %d", Bench.ms(Bench.median(resolution)),
                Bench.ms(Bench.percentile(resolution, 100)), raw.others().get() + a.others().get() + c.others().get());
        bench.say("  whole bench took %.0fs; load average now %s", (System.nanoTime() - start) / 1e9,
                ServiceBench.loadAverage());
        double rawMs = Bench.ms(Bench.median(raw.all()));
        double aMs = Bench.ms(Bench.median(a.all()));
        bench.say("dnat: (a) change → rule live %.1f ms (p95 %.1f), raw nft -f → live %.1f ms, ratio %.2f; "
                        + "(b) apply-%d %.1f ms, raw nft -f %.1f ms; (c) one change among %d → live %.1f ms "
                        + "(p95 %.1f)", aMs,
                Bench.ms(Bench.percentile(a.all(), 95)), rawMs, aMs / rawMs, forwards, Bench.ms(b.apply()),
                Bench.ms(b.raw()), forwards, Bench.ms(Bench.median(c.all())),
                Bench.ms(Bench.percentile(c.all(), 95)));
        bench.say("dnat: apply-%d / raw-nft = %.2f", forwards, b.ratio());
    }
}
