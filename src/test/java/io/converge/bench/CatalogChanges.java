package io.converge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measured part of the catalog bench: {@code BENCH_CHANGES} health changes, each a random service's TTL check
 * flipped ({@code /v1/agent/check/fail} ↔ {@code pass}), one at a time, each followed by {@code BENCH_SETTLE_SECONDS}
 * of quiet in which every pass of the recording room is counted against that change.
 */
final class CatalogChanges {
    private static final String LATENCY = "converge_reconcile_latency_seconds";

    /**
     * @param toPass    per change, nanoseconds from t0 to the pass of the changed service's PortForward
     * @param toEnqueue per change, the same minus that pass's queue wait (enqueue → pass start)
     * @param spurious  passes of other PortForwards within the changes' settle windows
     * @param repeats   passes of the changed PortForward beyond the first
     */
    record Result(List<Long> toPass, List<Long> toEnqueue, List<Long> queueWait, int spurious, int repeats,
                  double requestsPerChange, double bytesPerChange) {
    }

    private final CatalogBench cb;
    private final Bench bench;

    CatalogChanges(CatalogBench cb) {
        this.cb = cb;
        this.bench = cb.bench;
    }

    Result run() throws Exception {
        bench.say("  %d health changes (a random service's TTL check failed or passed again), each followed by %.1fs "
                + "of quiet", cb.changes, cb.settle);
        boolean[] failing = new boolean[cb.services + 1];
        List<Long> toPass = new ArrayList<>();
        List<Long> toEnqueue = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        int spurious = 0;
        int repeats = 0;
        int unclear = 0;
        String metrics = ConsulRequests.scrape(cb.converge.httpPort());
        ConsulRequests before = ConsulRequests.parse(metrics);
        for (int c = 0; c < cb.changes; c++) {
            int i = ThreadLocalRandom.current().nextInt(1, cb.services + 1);
            String service = cb.service(i);
            String expected = "portforwards/" + CatalogBench.portForward(i);
            int from = cb.log.read();
            failing[i] = !failing[i];
            long t0 = Bench.wallNanos();
            cb.consul.json("PUT", "/v1/agent/check/" + (failing[i] ? "fail/" : "pass/")
                    + CatalogBench.checkId(service), null);
            EnqueueLog.Pass pass = cb.log.await(expected, from, Duration.ofSeconds(30)).orElseThrow(() ->
                    new Bench.Failed("no pass of " + expected + " within 30s of the change of " + service));
            Bench.sleep(cb.settle);
            cb.log.read();
            List<EnqueueLog.Pass> window = cb.log.since(from);
            long others = window.stream().filter(p -> !p.key().equals(expected)).count();
            spurious += (int) others;
            repeats += (int) window.stream().filter(p -> p.key().equals(expected)).count() - 1;
            String after = ConsulRequests.scrape(cb.converge.httpPort());
            double passes = sample(after, "_count") - sample(metrics, "_count");
            long wait = Math.round((sample(after, "_sum") - sample(metrics, "_sum")) / passes * 1e9);
            unclear += passes == 1 ? 0 : 1;
            metrics = after;
            toPass.add(pass.epochNanos() - t0);
            waits.add(wait);
            toEnqueue.add(pass.epochNanos() - wait - t0);
            if (others > 0) {
                bench.say("  change %d (%s): %d passes of other PortForwards, e.g. %s", c + 1, service, others,
                        window.stream().filter(p -> !p.key().equals(expected)).limit(3).toList());
            }
        }
        ConsulRequests spent = ConsulRequests.parse(metrics).since(before);
        bench.say(Bench.row("change → enqueue", toEnqueue));
        bench.say(Bench.row("change → pass started", toPass));
        bench.say("  %-34s median %8.3f ms   max %8.3f ms%s", "enqueue → pass started (queue)", Bench.ms(
                Bench.median(waits)), Bench.ms(Bench.percentile(waits, 100)), unclear == 0 ? ""
                : String.format(" (%d changes had more than one pass: their mean)", unclear));
        bench.say("  spurious enqueues (passes of other PortForwards): %d; repeated passes of the changed one: %d",
                spurious, repeats);
        bench.say("  Consul requests per change: %.1f, %.1f kB received per change; by endpoint over all changes:",
                spent.total() / (double) cb.changes, spent.bytes() / 1024 / cb.changes);
        spent.top(6).forEach(bench::say);
        double catalog = spent.byKind().entrySet().stream().filter(e -> e.getKey().contains(" /v1/health/state")
                || e.getKey().contains(" /v1/catalog/")).mapToDouble(java.util.Map.Entry::getValue).sum();
        bench.say("  of which the catalog view's (/v1/health/state, /v1/catalog/*): %.1f per change; the rest is what "
                + "converge asks anyway (readiness's agent probe, session checks)", catalog / cb.changes);
        return new Result(toPass, toEnqueue, waits, spurious, repeats, spent.total() / (double) cb.changes,
                spent.bytes() / cb.changes);
    }

    /** The portforwards sample of the engine's enqueue → pass-start timer ({@code _count} or {@code _sum}); 0 if none. */
    static double sample(String prometheus, String suffix) {
        Matcher m = Pattern.compile("(?m)^" + LATENCY + suffix + "\\{[^}]*kind=\"portforwards\"[^}]*} (\\S+)$")
                .matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
