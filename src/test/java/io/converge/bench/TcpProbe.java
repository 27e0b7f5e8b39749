package io.converge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A long-running TCP connect probe inside a network namespace (a few lines of Perl, from perl-base): told to wait for
 * an outcome on a port, it connects to {@code host:port} again and again, a fresh connection each time (closed with a
 * reset at once, so no TIME_WAIT piles up), {@code gap} apart, until one attempt has that outcome: "ok" (the connection
 * was established) or "fail" (refused: the node answered the SYN with a reset, as it does once no rule forwards the
 * port). Attempts with neither outcome (not established within the connect timeout, say) are counted. It answers with
 * the wall-clock instant (CLOCK_REALTIME, Docker's and {@link Bench#wallNanos()}'s clock) at which that attempt started
 * and the one before it started: the change became visible to packets between the two, so their distance is the probe's
 * resolution (the gap plus one refused or established connect, a fraction of a millisecond between namespaces). One
 * wait at a time; not thread-safe.
 */
final class TcpProbe implements AutoCloseable {
    private static final String SCRIPT = """
            use strict; use IO::Socket::IP; use Socket qw(SOL_SOCKET SO_LINGER);
            use Time::HiRes qw(clock_gettime CLOCK_REALTIME usleep);
            $| = 1;
            my ($host, $gap_us, $connect_ms) = @ARGV;
            sub now { sprintf('%.0f', clock_gettime(CLOCK_REALTIME) * 1e9) }
            sub attempt {
                my $s = IO::Socket::IP->new(PeerHost => $host, PeerPort => $_[0], Proto => 'tcp',
                    Timeout => $connect_ms / 1000) or return $!{ECONNREFUSED} ? 'fail' : 'other';
                setsockopt($s, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0)); close($s); return 'ok';
            }
            print "ready\\n";
            while (my $line = <STDIN>) {
                my ($want, $port, $limit_ms) = split ' ', $line;
                my $end = clock_gettime(CLOCK_REALTIME) + $limit_ms / 1000;
                my ($n, $prev, $t, $other) = (0, 0, 0, 0);
                while (1) {
                    ($prev, $t) = ($t, now()); $n++;
                    my $got = attempt($port);
                    if ($got eq $want) { print "hit $t $prev $n $other\\n"; last; }
                    $other++ if $got eq 'other';
                    print "started $t\\n" if $n == 1;
                    if (clock_gettime(CLOCK_REALTIME) > $end) { print "timeout $n\\n"; last; }
                    usleep($gap_us) if $gap_us > 0;
                }
            }
            """;

    /** Accepts connections and closes them at once, in one process: no fork per connection, as an httpd would. */
    private static final String SINK = """
            use strict; use IO::Socket::IP;
            my $l = IO::Socket::IP->new(LocalHost => '0.0.0.0', LocalPort => $ARGV[0], Listen => 1024, ReuseAddr => 1)
                or die "listen: $@";
            print "ready\\n"; STDOUT->flush();
            while (my $c = $l->accept()) { close($c); }
            """;

    /**
     * The first attempt with the awaited outcome.
     *
     * @param atNanos       when it started (wall clock, ns since the epoch)
     * @param previousNanos when the attempt before it started (0 when it was the first)
     * @param attempts      how many attempts the wait made, this one included
     * @param others        how many of them were neither established nor refused (timed out)
     */
    record Hit(long atNanos, long previousNanos, int attempts, int others) {
        /** The probe's resolution at this hit: the distance between the last two attempts. */
        long resolutionNanos() {
            return previousNanos == 0 ? 0 : atNanos - previousNanos;
        }
    }

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final String host;

    /**
     * Starts the probe in namespace {@code ns} (through {@code ip netns exec}); its stderr goes to {@code log}.
     *
     * @param gap     pause between two attempts (0: none)
     * @param connect how long one attempt waits for the connection to be established
     */
    TcpProbe(String ns, String host, Duration gap, Duration connect, Path log) throws IOException {
        this.host = host;
        this.process = new ProcessBuilder(List.of("ip", "netns", "exec", ns, "perl", "-e", SCRIPT, "--", host,
                Long.toString(gap.toNanos() / 1000), Long.toString(connect.toMillis())))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String first = answers.readLine();
        if (!"ready".equals(first)) {
            throw new Bench.Failed("the probe in " + ns + " did not start (said " + first + "; see " + log + ")");
        }
    }

    /**
     * Starts a listener in {@code ns} on {@code port} (all IPv4 addresses) that accepts each connection and closes
     * it, for the probe to connect to through a forward: a busybox httpd would fork for each probe connection, and
     * hundreds of forks a second would slow what is measured. Returns once it listens; destroy the process after.
     */
    static Process sink(String ns, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(List.of("ip", "netns", "exec", ns, "perl", "-e", SINK, "--",
                Integer.toString(port))).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new Bench.Failed("the listener in " + ns + " did not start (see " + log + ")");
        }
        return p;
    }

    /**
     * Starts waiting for {@code ok} (established) or not on {@code port} and returns once the first attempt is
     * made: empty when it had the other outcome ({@link #hit()} then gives the answer), else that first attempt.
     */
    Optional<Hit> expect(boolean ok, int port, Duration limit) throws IOException {
        try {
            commands.write(String.format(Locale.ROOT, "%s %d %d%n", ok ? "ok" : "fail", port, limit.toMillis()));
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the probe: " + e.getMessage(), e);
        }
        String line = answers.readLine();
        if (line != null && line.startsWith("started ")) {
            return Optional.empty();
        }
        return Optional.of(parse(line));
    }

    /** The answer to the last {@link #expect}; fails when the outcome did not come within its limit. */
    Hit hit() throws IOException {
        return parse(answers.readLine());
    }

    private Hit parse(String line) {
        if (line == null || !line.startsWith("hit ")) {
            throw new Bench.Failed("the probe to " + host + " gave up: " + line);
        }
        String[] f = line.split(" ");
        return new Hit(Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]));
    }

    /** Waits for the outcome at once (no change expected to make it): for checking a state. */
    Hit await(boolean ok, int port, Duration limit) throws IOException {
        Optional<Hit> first = expect(ok, port, limit);
        return first.isPresent() ? first.get() : hit();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        process.onExit().join();
    }
}
