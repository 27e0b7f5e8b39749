package io.converge.bench;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The failover bench's per-run line, medians with min - max, the breakdown, and the ratio of medians. */
final class FailoverReport {
    private final FailoverBench fb;
    private final Bench bench;

    FailoverReport(FailoverBench fb) {
        this.fb = fb;
        this.bench = fb.bench;
    }

    static String line(int n, FailoverRun.Result r) {
        StringBuilder sb = new StringBuilder(String.format("  run %d: %s -> %s: detection %.0f ms (serfHealth critical "
                        + "%s), cleared->acquired %.0f, acquired->create %s, create->start %s; total %.0f ms; raw "
                        + "create+start %.0f ms (median of %d); restore %.1fs, standby %.1fs", n, r.oldNode(),
                r.newNode(), Bench.ms(r.detection()), opt(r.serf()), Bench.ms(r.clearedToAcquired()),
                opt(r.acquiredToCreate()), opt(r.createToStart()), Bench.ms(r.total()), Bench.ms(r.raw()),
                r.raws().size(), r.restore(), r.standby()));
        r.notes().forEach(note -> sb.append("\n      note: ").append(note));
        return sb.toString();
    }

    private static String opt(Long nanos) {
        return nanos == null ? "-" : String.format("%.0f", Bench.ms(nanos));
    }

    private static Double med(List<FailoverRun.Result> rs, Function<FailoverRun.Result, Long> f) {
        List<Long> v = rs.stream().map(f).filter(Objects::nonNull).toList();
        return v.isEmpty() ? null : Bench.median(v);
    }

    private static String range(List<FailoverRun.Result> rs, Function<FailoverRun.Result, Long> f) {
        List<Long> v = rs.stream().map(f).toList();
        return String.format("%.0f - %.0f", Bench.ms(v.stream().mapToLong(Long::longValue).min().orElse(0)),
                Bench.ms(v.stream().mapToLong(Long::longValue).max().orElse(0)));
    }

    /** Prints the summary; returns median(total) / (median(detection) + lockDelay + median(start)). */
    double report(List<FailoverRun.Result> rs) {
        if (rs.isEmpty()) {
            throw new Bench.Failed("no run completed");
        }
        double lockDelay = fb.lockDelay.toNanos();
        double detection = med(rs, FailoverRun.Result::detection);
        double raw = med(rs, FailoverRun.Result::raw);
        double total = med(rs, FailoverRun.Result::total);
        double clearedToAcquired = med(rs, FailoverRun.Result::clearedToAcquired);
        Double serf = med(rs, FailoverRun.Result::serf);
        Double acquiredToCreate = med(rs, FailoverRun.Result::acquiredToCreate);
        Double createToStart = med(rs, FailoverRun.Result::createToStart);
        bench.say("medians over %d runs (min - max), ms:", rs.size());
        bench.say("  detection: t0 -> holder's session invalidated     %8.0f   (%s)   [the lock key's Session cleared, "
                + "blocking query on %s (server 1)]", Bench.ms(detection), range(rs, FailoverRun.Result::detection),
                fb.server.address());
        if (serf != null) {
            bench.say("    (t0 -> serfHealth of the holder critical        %8.0f   same server, blocking query)",
                    Bench.ms(serf));
        }
        bench.say("  lock-delay (configured)                          %8.0f", Bench.ms(lockDelay));
        bench.say("  start: raw docker create+start (same run)        %8.0f   (%s)   [API create call -> Docker `start` "
                + "event; median of %d before each kill]", Bench.ms(raw), range(rs, FailoverRun.Result::raw),
                fb.rawSamples);
        bench.say("  total: t0 -> new container `start` event         %8.0f   (%s)", Bench.ms(total),
                range(rs, FailoverRun.Result::total));
        bench.say("breakdown of total (medians, ms):");
        bench.say("  t0 -> Session cleared                            %8.0f", Bench.ms(detection));
        bench.say("  Session cleared -> lock acquired by a standby    %8.0f   (lock-delay %.0f + %.0f)",
                Bench.ms(clearedToAcquired), Bench.ms(lockDelay), Bench.ms(clearedToAcquired - lockDelay));
        if (acquiredToCreate != null && createToStart != null) {
            bench.say("  lock acquired -> container created               %8.0f", Bench.ms(acquiredToCreate));
            bench.say("  created -> running (Docker events)               %8.0f", Bench.ms(createToStart));
        }
        double base = detection + lockDelay + raw;
        bench.say("  overhead: total - (detection + lockDelay + start) %7.0f", Bench.ms(total - base));
        bench.say("  (killing the host took %.0f ms: kill -9 converge, SIG%s agent, docker rm -f)",
                Bench.ms(med(rs, FailoverRun.Result::kill)), fb.agentSignal);
        List<Long> perRun = rs.stream().map(r -> Math.round(1000.0 * r.total() / (r.detection() + lockDelay + r.raw())))
                .toList();
        bench.say("  per-run ratios %s; their median %.2f", String.join(", ", perRun.stream()
                .map(x -> String.format("%.2f", x / 1000.0)).toList()), Bench.median(perRun) / 1000);
        if (createToStart != null) {
            bench.say("  with start = the new container's own create -> start events instead: %.2f",
                    total / (detection + lockDelay + createToStart));
        }
        bench.say("ratio below: median total / (median detection + lockDelay + median raw start)");
        return total / base;
    }
}
