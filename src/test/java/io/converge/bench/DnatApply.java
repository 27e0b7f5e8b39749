package io.converge.bench;

import io.converge.dnat.Backend;
import io.converge.dnat.FirewallException;
import io.converge.dnat.Forward;
import io.converge.dnat.Protocol;
import io.converge.dnat.Ruleset;
import io.converge.dnat.nft.NftFirewall;
import io.converge.dnat.nft.NftScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Part (b) of the dnat bench: loading {@code forwards} forwards with 2 backends each through
 * {@link NftFirewall#apply} beside a raw {@code ip netns exec NODE nft -f -} of the very text {@link NftScript}
 * renders for it, interleaved (raw first in even samples, apply first in odd ones), in the rig's node namespace
 * while no converge runs there. Before each sample converge's tables are deleted (untimed), so that every sample
 * really loads. The adapter (monitor off) is given two rulesets in turn that differ in every backend port (80,
 * 81), so that each apply renders and loads without a read-back: the path of a change; after one untimed warm-up
 * of each. An apply is timed around the call (render, spawn, load, wait); a raw load around spawn, stdin, wait.
 * Also timed, once per sample: the render alone, and the read-back a fresh adapter makes when the tables already
 * hold the ruleset (two {@code nft -j list table}, no load: the path the monitor spares), and a raw {@code nft -f}
 * of the other ruleset while the tables hold this one (replacing 1,000 forwards by 1,000: what converge does on a
 * change).
 */
final class DnatApply {
    /** The medians of the samples, in ns. */
    record Result(double apply, double raw, double render, double readBack, double replace) {
        double ratio() {
            return apply / raw;
        }
    }

    private final Bench bench;
    private final String ns;
    private final int forwards;
    private final int samples;
    private final List<String> wan;
    private final List<String> backends;

    DnatApply(Bench bench, String ns, int forwards, int samples, List<String> wan, List<String> backends) {
        this.bench = bench;
        this.ns = ns;
        this.forwards = forwards;
        this.samples = samples;
        this.wan = wan;
        this.backends = backends;
    }

    /** {@code n} forwards pf-fwd-0000... on ports 20000... to the two backend addresses on {@code port}. */
    static Ruleset ruleset(List<String> wan, List<String> addresses, int n, int port) {
        List<Forward> fs = IntStream.range(0, n).mapToObj(i -> new Forward(String.format("pf-fwd-%04d", i),
                String.format("portforwards/fwd-%04d", i), Protocol.TCP, 20000 + i, List.of(),
                addresses.stream().map(a -> new Backend(a, port, true)).toList())).toList();
        return new Ruleset(wan, fs);
    }

    Result run() throws Exception {
        Ruleset[] rulesets = {ruleset(wan, backends, forwards, 80), ruleset(wan, backends, forwards, 81)};
        String[] texts = {NftScript.render(rulesets[0]).text(), NftScript.render(rulesets[1]).text()};
        NftFirewall firewall = new NftFirewall("nft", "conntrack", "ip", Optional.of(ns), false);
        clear();
        firewall.apply(rulesets[1]);
        clear();
        raw(texts[1]);
        List<Long> apply = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        List<Long> render = new ArrayList<>();
        List<Long> readBack = new ArrayList<>();
        List<Long> replace = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            int which = s % 2;
            long loadsBefore = firewall.loads();
            if (which == 0) {
                raw.add(timedRaw(texts[which]));
                apply.add(timedApply(firewall, rulesets[which]));
            } else {
                apply.add(timedApply(firewall, rulesets[which]));
                raw.add(timedRaw(texts[which]));
            }
            if (firewall.loads() != loadsBefore + 1) {
                throw new Bench.Failed("NftFirewall.apply did not load the tables in sample " + (s + 1));
            }
            long t = System.nanoTime();
            NftScript.render(rulesets[which]);
            render.add(System.nanoTime() - t);
            readBack.add(timedReadBack(rulesets[which]));
            t = System.nanoTime();
            raw(texts[1 - which]);
            replace.add(System.nanoTime() - t);
            bench.say("  sample %d: apply %.1f ms, raw nft -f %.1f ms; render %.1f ms, read-back %.1f ms, raw nft -f "
                            + "replacing the full tables %.1f ms", s + 1, Bench.ms(apply.get(s)), Bench.ms(raw.get(s)),
                    Bench.ms(render.get(s)), Bench.ms(readBack.get(s)), Bench.ms(replace.get(s)));
        }
        clear();
        return new Result(Bench.median(apply), Bench.median(raw), Bench.median(render), Bench.median(readBack),
                Bench.median(replace));
    }

    private long timedApply(NftFirewall firewall, Ruleset ruleset) throws Exception {
        clear();
        long t = System.nanoTime();
        firewall.apply(ruleset);
        return System.nanoTime() - t;
    }

    private long timedRaw(String text) throws Exception {
        clear();
        long t = System.nanoTime();
        raw(text);
        return System.nanoTime() - t;
    }

    /** A fresh adapter's first apply of what the tables hold: reads both tables back, loads nothing. */
    private long timedReadBack(Ruleset ruleset) throws FirewallException {
        NftFirewall fresh = new NftFirewall("nft", "conntrack", "ip", Optional.of(ns), false);
        long t = System.nanoTime();
        boolean loaded = fresh.apply(ruleset);
        long took = System.nanoTime() - t;
        if (loaded) {
            throw new Bench.Failed("a fresh NftFirewall reloaded tables that already held its ruleset");
        }
        return took;
    }

    /** {@code nft -f -} of {@code text} in the namespace, as converge runs it; fails on a non-zero exit. */
    void raw(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "nft", "-f", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new Bench.Failed("nft -f - in " + ns + " exited " + p.exitValue() + ": "
                    + BenchConsul.abbreviate(out));
        }
    }

    /** Deletes converge's tables in the namespace (both families; creating them first makes it idempotent). */
    void clear() throws IOException, InterruptedException {
        raw("table ip converge\ndelete table ip converge\ntable ip6 converge\ndelete table ip6 converge\n");
    }
}
