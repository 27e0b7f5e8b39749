package io.converge.it;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@link NetRig}'s probes, run inside a namespace: curl for HTTP, a few lines of Perl (perl-base) for UDP. */
final class RigProbes {
    /**
     * Sends ARGV[2] to ARGV[0]:ARGV[1] from port ARGV[4] (0: any) and prints the first reply; exit 3 when none
     * comes within ARGV[3] ms. busybox here has neither {@code nc -u} nor {@code udpsvd}.
     */
    static final String UDP_CLIENT = """
            use IO::Socket::IP; use IO::Select;
            my ($host, $port, $payload, $ms, $src) = @ARGV;
            my $s = IO::Socket::IP->new(PeerHost => $host, PeerPort => $port, Proto => 'udp',
                ($src ? (LocalPort => $src, ReuseAddr => 1) : ())) or die "socket: $@";
            $s->send($payload) or die "send: $!";
            IO::Select->new($s)->can_read($ms / 1000) or exit 3;
            defined($s->recv(my $reply, 65535)) or die "recv: $!";
            print $reply;
            """;

    private RigProbes() {
    }

    static Optional<String> curl(NetRig rig, String ns, String url, Duration limit) {
        String seconds = String.format(Locale.ROOT, "%.3f", limit.toMillis() / 1000.0);
        Cmd.Result r = rig.exec(ns, "", limit.plusSeconds(10),
                "curl", "-sS", "-f", "-g", "--max-time", seconds, url);
        return r.ok() ? Optional.of(r.out().trim()) : Optional.empty();
    }

    static Optional<String> udp(NetRig rig, String ns, String address, int port, String payload, Duration limit,
                                int sourcePort) {
        if (sourcePort < 0 || sourcePort > 65535) {
            throw new IllegalArgumentException("source port out of range: " + sourcePort);
        }
        Cmd.Result r = rig.exec(ns, "", limit.plusSeconds(10), "perl", "-e", UDP_CLIENT, "--", address,
                String.valueOf(port), payload, String.valueOf(limit.toMillis()), String.valueOf(sourcePort));
        return r.ok() ? Optional.of(r.out().trim()) : Optional.empty();
    }
}
