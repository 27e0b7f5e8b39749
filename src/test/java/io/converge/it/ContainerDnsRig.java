package io.converge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The container DNS of one test class, made with the script deploy/dev/setup.sh uses (deploy/dev/container-dns.sh):
 * a dnsmasq forwarder on port 53 of an address of its own, which bridge-networked containers reach through the
 * host (a link-less Linux bridge {@code cvgdns<hex>} made by the rig carries a /32 out of 198.18.0.0/15, the
 * benchmarking range), so it never meets the dev forwarder on the docker bridge's gateway nor another rig.
 * {@code .consul} goes to the class's agent; other names go to a stand-in for the host's resolvers, a second
 * dnsmasq on a free loopback port that knows only {@link #UPSTREAM_NAME} (the machine may have no usable
 * resolver). Everything is removed by {@link #close()}.
 */
final class ContainerDnsRig implements AutoCloseable {
    static final String UPSTREAM_NAME = "upstream.converge-it.test";
    static final String UPSTREAM_ADDRESS = "192.0.2.53";
    private static final Path SCRIPT = Path.of("deploy", "dev", "container-dns.sh").toAbsolutePath();

    private final String link;
    private final String address;
    private final Path dir;
    private Process upstream;
    private boolean linkMade;

    private ContainerDnsRig(String id) throws IOException {
        this.link = "cvgdns" + id;
        int n = Integer.parseInt(id, 16);
        this.address = "198.18." + (n >> 8 & 0xff) + "." + Math.max(2, n & 0xff);
        this.dir = Files.createDirectories(Path.of("target", "it-dns", link)).toAbsolutePath();
    }

    /** A rig with an address picked now (converge needs it before the rig starts); nothing exists yet. */
    static ContainerDnsRig pick() throws IOException {
        return new ContainerDnsRig(Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xfffe)));
    }

    /** Where containers send their queries: converge.containers.dns. */
    String address() {
        return address;
    }

    /** Makes the address, the stand-in upstream and the forwarder to {@code 127.0.0.1:consulDnsPort}. */
    void start(int consulDnsPort) throws Exception {
        if (!Cmd.run("ip", "-o", "addr", "show", "to", address + "/32").out().isBlank()) {
            throw new IllegalStateException(address + " is already an address of this host");
        }
        Cmd.run("ip", "link", "add", link, "type", "bridge").check();
        linkMade = true;
        Cmd.run("ip", "addr", "add", address + "/32", "dev", link).check();
        Cmd.run("ip", "link", "set", link, "up").check();
        int upstreamPort = ConsulAgent.freePort();
        upstream = new ProcessBuilder("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
                "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1", "--port=" + upstreamPort,
                "--address=/" + UPSTREAM_NAME + "/" + UPSTREAM_ADDRESS, "--log-facility=" + dir.resolve("upstream.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("upstream.out").toFile()).start();
        Cmd.run(List.of(SCRIPT.toString(), "start", address, "127.0.0.1#" + consulDnsPort, dir.toString(),
                "127.0.0.1#" + upstreamPort), "", Duration.ofSeconds(30)).check();
    }

    @Override
    public void close() throws Exception {
        Cmd.run(SCRIPT.toString(), "stop", dir.toString());
        if (upstream != null) {
            upstream.destroy();
            upstream.waitFor(10, TimeUnit.SECONDS);
        }
        if (linkMade) {
            Cmd.run("ip", "link", "del", link);
        }
    }
}
