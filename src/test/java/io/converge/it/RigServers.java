package io.converge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import io.converge.it.NetRig.Host;

/** The servers of a {@link NetRig} backend: busybox httpd and a UDP responder, both answering with its name. */
final class RigServers {
    /** Answers every datagram to port ARGV[1] (IPv4 and IPv6) with ARGV[0]. */
    static final String UDP_SERVER = """
            use IO::Socket::IP;
            my ($name, $port) = @ARGV;
            my $s = IO::Socket::IP->new(LocalHost => '::', LocalPort => $port, Proto => 'udp', V6Only => 0)
                or die "bind: $@";
            while (defined(my $peer = $s->recv(my $datagram, 65535))) { $s->send("$name\\n", 0, $peer); }
            """;
    private static final Duration READY = Duration.ofSeconds(15);

    private RigServers() {
    }

    /** Starts both servers in the host's namespace and returns once both answer from the node namespace. */
    static void start(NetRig rig, Host host, Path dir) {
        try {
            Path www = Files.createDirectories(dir.resolve(host.name()));
            Files.writeString(www.resolve("index.html"), host.name() + "\n");
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logs.resolve(host.ns() + ".log");
            Process httpd = rig.spawn(host.ns(), log, "busybox", "httpd", "-f", "-p", String.valueOf(NetRig.HTTP_PORT),
                    "-h", www.toString());
            Process udp = rig.spawn(host.ns(), log, "perl", "-e", UDP_SERVER, "--", host.name(),
                    String.valueOf(NetRig.UDP_PORT));
            awaitReady(rig, host, httpd, udp, log);
        } catch (IOException e) {
            throw new UncheckedIOException("backend " + host.ns(), e);
        }
    }

    private static void awaitReady(NetRig rig, Host host, Process httpd, Process udp, Path log) throws IOException {
        Instant deadline = Instant.now().plus(READY);
        Duration probe = Duration.ofMillis(500);
        String url = "http://" + host.v4() + ":" + NetRig.HTTP_PORT + "/";
        while (Instant.now().isBefore(deadline)) {
            if (!httpd.isAlive() || !udp.isAlive()) {
                throw new IllegalStateException("a server of " + host.ns() + " exited: " + Files.readString(log));
            }
            Optional<String> page = RigProbes.curl(rig, rig.node(), url, probe);
            Optional<String> reply = RigProbes.udp(rig, rig.node(), host.v4(), NetRig.UDP_PORT, "ready?", probe, 0);
            if (page.equals(Optional.of(host.name())) && reply.equals(Optional.of(host.name()))) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("servers of " + host.ns() + " not answering after " + READY + ": "
                + Files.readString(log));
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
