package io.converge.bench;

import io.converge.it.NetRig;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part (a) of the dnat bench through converge: PortForward {@code bench-a} (port {@value DnatBench#PORT}) to service
 * {@code bench-a}, one instance on backend b0 (port {@value DnatBench#SINK_PORT}) with a TTL check; once the probe
 * connects, the check is flipped {@code BENCH_CHANGES} times (critical first) with
 * {@code PUT /v1/agent/check/fail|pass/<id>}, each change timed by {@link DnatFlips} from the write's answer to the
 * probe's first connection with the new outcome. Beside it, converge's own mean time per apply of its tables
 * ({@code converge.aggregate.apply.duration}, over the changes).
 */
final class DnatLatency {
    static final String SERVICE = "bench-a";
    private static final String APPLY = "converge_aggregate_apply_duration_seconds";
    private final DnatBench db;

    DnatLatency(DnatBench db) {
        this.db = db;
    }

    DnatFlips.Samples run() throws Exception {
        NetRig.Host b0 = db.rig.backend(0);
        String check = SERVICE + "-b0-ttl";
        db.consul.json("PUT", "/v1/agent/service/register", "{\"ID\":\"" + SERVICE + "-b0\",\"Name\":\"" + SERVICE
                + "\",\"Address\":\"" + b0.v4() + "\",\"Port\":" + DnatBench.SINK_PORT + ",\"Check\":{\"CheckID\":\""
                + check + "\",\"TTL\":\"24h\",\"Status\":\"passing\"}}");
        db.consul.kvPut(db.prefix + "/specs/portforwards/" + SERVICE, "{\"apiVersion\":\"converge/v1\",\"kind\":"
                + "\"PortForward\",\"metadata\":{\"name\":\"" + SERVICE + "\"},\"spec\":{\"service\":\"" + SERVICE
                + "\",\"port\":" + DnatBench.PORT + "}}");
        long t = System.nanoTime();
        db.probe.await(true, DnatBench.PORT, Duration.ofSeconds(60));
        db.bench.say("  forward %s (port %d → %s:%d) answered %.1fs after it was put", SERVICE, DnatBench.PORT,
                b0.v4(), DnatBench.SINK_PORT, (System.nanoTime() - t) / 1e9);
        Bench.sleep(db.settle);
        String before = ConsulRequests.scrape(db.converge.httpPort());
        DnatFlips.Samples s = new DnatFlips(db.probe, Duration.ofSeconds(30), db.settle).alternate(DnatBench.PORT,
                db.changes, DnatFlips.From.RETURN, ok -> flip(db.consul, check, ok));
        String after = ConsulRequests.scrape(db.converge.httpPort());
        db.bench.say(Bench.row("converge: critical → refused", s.toFail()));
        db.bench.say(Bench.row("converge: passing → answers", s.toOk()));
        db.bench.say(Bench.row("converge: all changes", s.all()));
        db.bench.say(Bench.row("  (the Consul write itself)", s.request()));
        say(db.bench, before, after, "1 forward");
        return s;
    }

    static void flip(BenchConsul consul, String check, boolean ok) {
        consul.json("PUT", "/v1/agent/check/" + (ok ? "pass/" : "fail/") + check, null);
    }

    /** Prints converge's applies between two scrapes of its metrics: how many, and their mean duration. */
    static void say(Bench bench, String before, String after, String what) {
        double n = sample(after, "_count") - sample(before, "_count");
        double sum = sample(after, "_sum") - sample(before, "_sum");
        bench.say("  converge's own applies meanwhile (converge.aggregate.apply.duration): %.0f, mean %.1f ms with %s",
                n, n == 0 ? 0 : sum / n * 1000, what);
    }

    /** The portforwards sample of the aggregate apply timer ({@code _count} or {@code _sum}); 0 if none. */
    static double sample(String prometheus, String suffix) {
        return sample(prometheus, "portforwards", suffix);
    }

    /** A kind's sample of the aggregate apply timer ({@code _count} or {@code _sum}); 0 if none. */
    static double sample(String prometheus, String kind, String suffix) {
        Matcher m = Pattern.compile("(?m)^" + APPLY + suffix + "\\{[^}]*kind=\"" + kind + "\"[^}]*} (\\S+)$")
                .matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
