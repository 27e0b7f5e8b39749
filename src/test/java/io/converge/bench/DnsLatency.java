package io.converge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timed part of the dns bench, for one provider. DnsRecord {@value #RECORD} ({@value #LIVE} CNAME, following
 * service {@value #SERVICE}, whose one instance on the bench's Consul agent has a TTL check) and a name of the bench's
 * own ({@value #RAW}), both in zone {@value #ZONE} of the provider's server. Changes alternate between publishing
 * (timed to the first answer holding the CNAME) and withdrawing (to the first answer without it); each waits
 * {@code BENCH_SETTLE_SECONDS} after its hit. Two ways, interleaved change by change (after {@value #WARM_UP} untimed
 * changes of each), so that both see the same machine:
 * <ul>
 * <li>direct: {@link DnsDirect} at {@value #RAW}, timed from just before the call;</li>
 * <li>converge: the instance's TTL check flipped with {@code PUT /v1/agent/check/pass|fail/<id>}, timed from the
 * write's answer; converge's leader sees the catalog change and writes the CNAME to {@code dc-<site>.<zone>} (the
 * agent's node meta {@code site}) with its ownership TXT, or deletes both.</li>
 * </ul>
 */
final class DnsLatency {
    static final String ZONE = "example.jp.";
    static final String RECORD = "bench-live";
    static final String LIVE = "live." + ZONE;
    static final String RAW = "raw." + ZONE;
    static final String SERVICE = "bench-live";
    /** Untimed changes of each kind before the timed ones. */
    private static final int WARM_UP = 4;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** What the output counts as a slow change. */
    private static final Duration SLOW = Duration.ofSeconds(1);
    private final DnsBench db;
    private final int dnsPort;
    private final DnsDirect direct;
    private final String want;

    /** The timed changes of one way. */
    record Samples(List<Long> toNew, List<Long> toOld, List<Long> all, List<Long> request, List<Long> resolution,
                   int[] attempts) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new int[1]);
        }
    }

    /** Both ways' samples for one provider. */
    record Result(String provider, Samples direct, Samples converge) {
    }

    /** @param site the {@code site} node meta of the agent's node */
    DnsLatency(DnsBench db, int dnsPort, DnsDirect direct, String site) {
        this.db = db;
        this.dnsPort = dnsPort;
        this.direct = direct;
        this.want = "CNAME " + target(site);
    }

    /** The CNAME target as the direct way writes it. */
    static String target(String site) {
        return "dc-" + site + "." + ZONE;
    }

    Result run(String provider) throws Exception {
        DnsProbe raw = new DnsProbe(dnsPort, RAW, db.gap);
        DnsProbe live = new DnsProbe(dnsPort, LIVE, db.gap);
        String check = db.instance(SERVICE, SERVICE + "-1", false);
        long t = System.nanoTime();
        db.dnsRecord(RECORD, "{\"name\":\"live\",\"zone\":\"" + ZONE + "\",\"type\":\"CNAME\",\"ttl\":60,"
                + "\"service\":\"" + SERVICE + "\"}");
        db.awaitPhase(RECORD, "Pending", LIMIT);
        db.bench.say("  DnsRecord %s (%s CNAME, following %s) pending %.1fs after it was put; the direct way at %s",
                RECORD, LIVE, SERVICE, (System.nanoTime() - t) / 1e9, RAW);
        raw.await(DnsProbe.NONE, LIMIT);
        live.await(DnsProbe.NONE, LIMIT);
        HttpProbe.Change[] directChange = new HttpProbe.Change[2];
        HttpProbe.Change[] viaConsul = new HttpProbe.Change[2];
        for (int add = 0; add < 2; add++) {
            boolean present = add == 1;
            directChange[add] = () -> direct.publish(present);
            viaConsul[add] = () -> db.consul.json("PUT", "/v1/agent/check/" + (present ? "pass/" : "fail/") + check,
                    null);
        }
        for (int i = 0; i < WARM_UP; i++) {
            flip(raw, i % 2 == 0, directChange);
            flip(live, i % 2 == 0, viaConsul);
        }
        Bench.sleep(Math.max(1, db.settle));
        Samples d = new Samples();
        Samples c = new Samples();
        for (int i = 0; i < db.changes; i++) {
            boolean add = i % 2 == 0;
            Timed x = flip(raw, add, directChange);
            record(d, add, x.hit().atNanos() - x.start(), x);
            Timed y = flip(live, add, viaConsul);
            record(c, add, y.hit().atNanos() - y.end(), y);
        }
        say(d, c, raw, live);
        return new Result(provider, d, c);
    }

    /** A change and its first hit: the change's start and end (nanoTime), and the hit. */
    private record Timed(long start, long end, HttpProbe.Hit hit) {
    }

    private Timed flip(DnsProbe probe, boolean add, HttpProbe.Change[] change) throws Exception {
        long[] w = new long[2];
        HttpProbe.Hit hit = probe.change(add ? want : DnsProbe.NONE, () -> {
            w[0] = System.nanoTime();
            change[add ? 1 : 0].make();
            w[1] = System.nanoTime();
        }, LIMIT);
        Bench.sleep(db.settle);
        return new Timed(w[0], w[1], hit);
    }

    private static long slow(Samples s) {
        return s.all().stream().filter(n -> n > SLOW.toNanos()).count();
    }

    private static void record(Samples s, boolean add, long latency, Timed t) {
        (add ? s.toNew() : s.toOld()).add(latency);
        s.all().add(latency);
        s.request().add(t.end() - t.start());
        s.resolution().add(t.hit().resolutionNanos());
        s.attempts()[0] += t.hit().attempts();
    }

    private void say(Samples d, Samples c, DnsProbe raw, DnsProbe live) {
        db.bench.say("  direct: " + direct.describe());
        db.bench.say(Bench.row("direct: write → CNAME answered", d.toNew()));
        db.bench.say(Bench.row("direct: delete → CNAME gone", d.toOld()));
        db.bench.say(Bench.row("direct: all", d.all()));
        db.bench.say(Bench.row("  (the call itself)", d.request()));
        db.bench.say(Bench.row("converge: passing → CNAME answered", c.toNew()));
        db.bench.say(Bench.row("converge: critical → CNAME gone", c.toOld()));
        db.bench.say(Bench.row("converge: all changes", c.all()));
        db.bench.say(Bench.row("  (the Consul write itself)", c.request()));
        db.bench.say("  changes answered only after more than %d s: direct %d, converge %d (a stall of about 20 s matches "
                + "PowerDNS's packet cache TTL, cache-ttl)", SLOW.toSeconds(), slow(d), slow(c));
        List<Long> resolution = new ArrayList<>(d.resolution());
        resolution.addAll(c.resolution());
        db.bench.say("  probe resolution (distance between the starts of its last two queries): median %.3f ms, max "
                        + "%.3f ms; queries %d; without a reply: direct %s, converge %s",
                Bench.ms(Bench.median(resolution)), Bench.ms(Bench.percentile(resolution, 100)),
                d.attempts()[0] + c.attempts()[0], raw.failures(), live.failures());
    }
}
