package io.converge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Network namespaces for real-packet tests of converge's firewall, on this machine only (root): a "node" namespace
 * (forwarding on, where converge's tables live), a "client" namespace on the node's WAN side, and backends on links
 * of their own. Names are unique ({@code cvg<4 hex>-node}, {@code -client}, {@code -b<i>}); addresses are in
 * {@code 10.R.0.0/16} and {@code fd00:R::/32} for a random R, and exist only inside the namespaces:
 * <pre>
 *   client eth0 10.R.0.2, fd00:R::2 ── wan0 10.R.0.1, fd00:R::1  node  lan<i> 10.R.(i+1).1 ── eth0 10.R.(i+1).2  b<i>
 * </pre>
 * The client and each backend route everything through the node. Each backend serves its own name over HTTP on
 * {@link #HTTP_PORT} (busybox httpd) and answers each UDP datagram to {@link #UDP_PORT} with its name, on IPv4 and
 * IPv6. {@link #close()} kills every process and removes every namespace (idempotent; also on JVM shutdown).
 * Not thread-safe for concurrent setup; probes may run from any thread.
 */
public final class NetRig implements AutoCloseable {
    public static final int HTTP_PORT = 80;
    public static final int UDP_PORT = 9000;
    static final Duration STALE = Duration.ofHours(1);

    /** A backend namespace: {@code name} ({@code b<i>}) is what its page and its UDP replies say. */
    public record Host(int index, String name, String ns, String v4, String v6) {
    }

    private final String id;
    private final int net;
    private final Path dir;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<Integer, Host> hosts = new TreeMap<>();
    private final Thread hook = new Thread(this::close, "netrig-close");
    private boolean closed;

    private NetRig(String id, int net) {
        this.id = id;
        this.net = net;
        try {
            this.dir = Files.createTempDirectory(id + "-rig-");
        } catch (IOException e) {
            throw new UncheckedIOException("a temporary directory", e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Creates the node and client namespaces, linked and addressed, after removing namespaces of earlier rigs older
     * than an hour (a killed run's). On failure, removes what it made and throws.
     */
    public static NetRig create() {
        RigNamespaces.sweepStale(STALE);
        NetRig rig = new NetRig(RigNamespaces.freeId(), RigNamespaces.freeNet());
        try {
            rig.build();
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private void build() {
        String node = addNamespace("node");
        String client = addNamespace("client");
        link("wan0", client, 0);
        exec(node, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1").check();
        requireReachable(client, v4(0, 1));
    }

    /** The node namespace's name: converge's {@code converge.dnat.netns}. */
    public String node() {
        return id + "-node";
    }

    /** The client namespace's name. */
    public String client() {
        return id + "-client";
    }

    /** The node's IPv4 WAN address (the client's gateway). */
    public String wan4() {
        return v4(0, 1);
    }

    /** The node's IPv6 WAN address. */
    public String wan6() {
        return v6(0, 1);
    }

    public String client4() {
        return v4(0, 2);
    }

    public String client6() {
        return v6(0, 2);
    }

    /** The node's own address on backend {@code i}'s link (the source of masqueraded traffic to it). */
    public String nodeOnLink4(int i) {
        return v4(i + 1, 1);
    }

    /**
     * Backend {@code i} (0..200), made and serving on first call (HTTP and UDP answer from the node before it
     * returns); the same host afterwards.
     */
    public synchronized Host backend(int i) {
        if (i < 0 || i > 200) {
            throw new IllegalArgumentException("backend index out of 0..200: " + i);
        }
        Host existing = hosts.get(i);
        if (existing != null) {
            return existing;
        }
        String name = "b" + i;
        String ns = addNamespace(name);
        link("lan" + i, ns, i + 1);
        Host host = new Host(i, name, ns, v4(i + 1, 2), v6(i + 1, 2));
        hosts.put(i, host);
        RigServers.start(this, host, dir);
        return host;
    }

    /** Removes the backend's default routes (v4 and v6): only its on-link routes to the node's link stay. */
    public void dropDefaultRoutes(Host host) {
        exec(host.ns(), "ip", "route", "del", "default").check();
        exec(host.ns(), "ip", "-6", "route", "del", "default").check();
    }

    /** An HTTP GET from the client namespace: the body (trimmed) on a 2xx answer within {@code limit}, else empty. */
    public Optional<String> curl(String url, Duration limit) {
        return RigProbes.curl(this, client(), url, limit);
    }

    /**
     * One UDP datagram from the client namespace (from an ephemeral port): the first reply (trimmed) within
     * {@code limit}, else empty.
     */
    public Optional<String> udp(String address, int port, String payload, Duration limit) {
        return RigProbes.udp(this, client(), address, port, payload, limit, 0);
    }

    /** {@link #udp(String, int, String, Duration)} from the given source port (1..65535) of the client. */
    public Optional<String> udp(String address, int port, String payload, Duration limit, int sourcePort) {
        return RigProbes.udp(this, client(), address, port, payload, limit, sourcePort);
    }

    /** Runs {@code args} inside namespace {@code ns} (30 s at most). */
    public Cmd.Result exec(String ns, String... args) {
        return exec(ns, "", Duration.ofSeconds(30), args);
    }

    /** Runs {@code args} inside namespace {@code ns} with {@code stdin} on its standard input. */
    public Cmd.Result exec(String ns, String stdin, Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(List.of(args));
        return Cmd.run(command, stdin, limit);
    }

    /** Starts a long-running process inside {@code ns}, output to {@code log}; killed by {@link #close()}. */
    synchronized Process spawn(String ns, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        }
    }

    /** Kills every process the rig started or that runs in its namespaces, removes the namespaces. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.onExit().join();
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            RigNamespaces.remove(namespaces.get(i));
        }
        deleteTree(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // closing from the hook itself
        }
    }

    private synchronized String addNamespace(String suffix) {
        String name = id + "-" + suffix;
        Cmd.run("ip", "netns", "add", name).check();
        namespaces.add(name);
        Cmd.run("ip", "-n", name, "link", "set", "lo", "up").check();
        return name;
    }

    /** A veth pair: {@code nodeIf} in the node, {@code eth0} in {@code ns}, on subnet {@code subnet}. */
    private void link(String nodeIf, String ns, int subnet) {
        String node = node();
        Cmd.run("ip", "link", "add", nodeIf, "netns", node, "type", "veth", "peer", "name", "eth0", "netns", ns)
                .check();
        ip(node, "addr", "add", v4(subnet, 1) + "/24", "dev", nodeIf);
        ip(node, "addr", "add", v6(subnet, 1) + "/64", "dev", nodeIf, "nodad");
        ip(ns, "addr", "add", v4(subnet, 2) + "/24", "dev", "eth0");
        ip(ns, "addr", "add", v6(subnet, 2) + "/64", "dev", "eth0", "nodad");
        ip(node, "link", "set", nodeIf, "up");
        ip(ns, "link", "set", "eth0", "up");
        ip(ns, "route", "add", "default", "via", v4(subnet, 1));
        ip(ns, "-6", "route", "add", "default", "via", v6(subnet, 1));
    }

    private void requireReachable(String ns, String address) {
        exec(ns, "busybox", "ping", "-c", "1", "-W", "2", address).check();
    }

    private static void ip(String ns, String... args) {
        String[] command = Stream.concat(Stream.of("ip", "-n", ns), Stream.of(args)).toArray(String[]::new);
        Cmd.run(command).check();
    }

    private String v4(int subnet, int host) {
        return "10." + net + "." + subnet + "." + host;
    }

    private String v6(int subnet, int host) {
        return subnet == 0 ? "fd00:" + net + "::" + host : "fd00:" + net + ":" + subnet + "::" + host;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "NetRig[%s, 10.%d.0.0/16]", id, net);
    }
}
