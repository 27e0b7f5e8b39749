package io.converge.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmarks share: their knobs (environment variables with defaults), their output, wall-clock
 * nanoseconds comparable with Docker's event times, medians and percentiles, and a process's CPU time and memory
 * from {@code /proc}.
 */
final class Bench {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");
    private final Map<String, String> env;
    private final PrintStream out;

    Bench(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    void say(String line) {
        out.println(line);
        out.flush();
    }

    void say(String format, Object... args) {
        say(String.format(format, args));
    }

    // ---------------------------------------------------------------------------------------------- knobs

    String text(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String name, int fallback) {
        String v = text(name, Integer.toString(fallback));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number (got '" + v + "')");
        }
    }

    double decimal(String name, double fallback) {
        String v = text(name, Double.toString(fallback));
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number (got '" + v + "')");
        }
    }

    boolean has(String name) {
        return env.containsKey(name);
    }

    /** '5s', '1.5s', '500ms', '1m': the forms both Consul and Quarkus read the same way. */
    static Duration duration(String name, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " is not a duration: '" + text + "' (use e.g. 5s or 500ms)");
        }
        double v = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            default -> 60_000;
        };
        return Duration.ofNanos(Math.round(v * factor * 1_000_000));
    }

    static String token() {
        StringBuilder sb = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------- time, figures

    /** Now in nanoseconds since the epoch (microsecond resolution): the clock of Docker's event timeNano. */
    static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static double ms(double nanos) {
        return nanos / 1e6;
    }

    static double median(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    /** The nearest-rank percentile. */
    static long percentile(List<Long> values, int p) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.max(0, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    static String row(String label, List<Long> nanos) {
        return String.format("  %-34s median %8.1f ms   p95 %8.1f ms   (n=%d)", label, ms(median(nanos)),
                ms(percentile(nanos, 95)), nanos.size());
    }

    /** The first line of a text, at most 120 characters. */
    static String abbreviateLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }

    /** Polls until the condition holds or the time is up; true when it held. */
    static boolean waitUntil(BooleanSupplier condition, Duration timeout, long stepMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(stepMillis);
        }
        return condition.getAsBoolean();
    }

    /** A failure of a bench step: the bench says it and stops. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------------------- /proc

    /** utime + stime of a process, in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;   // USER_HZ is 100 on Linux
    }

    /** A field of /proc/PID/status in its unit (kB for memory, a count for Threads); 0 when absent. */
    static long status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** What a bench runs once its knobs were read. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * A bench's entry point: reads the knobs ({@code prepare} throws IllegalArgumentException for a bad one), runs
     * the body; returns the exit status: 0 done (the last line printed is the result), 1 failed, 2 bad knob.
     */
    static int exitStatus(PrintStream out, java.util.function.Supplier<Body> prepare) {
        Body body;
        try {
            body = prepare.get();
        } catch (IllegalArgumentException e) {
            out.println("bench: " + e.getMessage());
            return 2;
        }
        try {
            body.run();
            return 0;
        } catch (Exception | AssertionError e) {
            out.println("bench: FAILED: " + e);
            return 1;
        }
    }
}
