package io.converge.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real BIND 9.18 (Debian's {@code bind9}) for one test class: {@code named -g} in the foreground as root (named
 * drops no privileges without {@code -u}), its own named.conf, zone files, journals and log under
 * {@code target/bind-<port>/}, listening on 127.0.0.1 only on a free port, no control channel, {@code recursion no},
 * no NOTIFY (nothing leaves loopback). The {@link AuthoritativeRig} zones, key (made by
 * {@code tsig-keygen -a hmac-sha256}) and records; asked with {@code dig} and {@code nsupdate}. Killed on
 * {@link #close} and, failing that, when the JVM exits.
 */
public final class BindRig implements AuthoritativeRig {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Pattern SECRET = Pattern.compile("secret \"([^\"]+)\"");

    public final Path dir;
    public final int port;
    private final String secret;
    private Process named;
    private final Thread reaper = new Thread(this::kill, "bind-rig-reaper");

    private BindRig(Path dir, int port, String secret) {
        this.dir = dir;
        this.port = port;
        this.secret = secret;
    }

    /** A started named holding the two zones; returns once it answers on TCP. */
    public static BindRig start() throws IOException, InterruptedException {
        int port = ConsulAgent.freePort();
        Path dir = Path.of("target", "bind-" + port).toAbsolutePath();
        Files.createDirectories(dir);
        String key = Cmd.run(List.of("tsig-keygen", "-a", "hmac-sha256", KEY), "", LIMIT).check().out();
        Matcher m = SECRET.matcher(key);
        if (!m.find()) {
            throw new IllegalStateException("tsig-keygen printed no secret: " + key);
        }
        Files.writeString(dir.resolve("key.conf"), key);
        BindRig rig = new BindRig(dir, port, m.group(1));
        rig.writeConfig();
        Cmd.run(List.of("named-checkconf", "-z", dir.resolve("named.conf").toString()), "", LIMIT).check();
        Runtime.getRuntime().addShutdownHook(rig.reaper);
        rig.run();
        return rig;
    }

    @Override
    public String engine() {
        return "bind";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String secret() {
        return secret;
    }

    /** {@code dig @127.0.0.1 -p <port> +tcp +norec +short name type}: the answer's lines, sorted. */
    @Override
    public List<String> dig(String name, String type) {
        String out = Cmd.run(List.of("dig", "@127.0.0.1", "-p", String.valueOf(port), "+tcp", "+norec", "+short",
                "+time=2", "+tries=1", name, type), "", LIMIT).check().out();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
    }

    /** {@code dig} of one name and type printing the answer section (TTL included), the lines sorted. */
    @Override
    public List<String> digAnswer(String name, String type) {
        String out = Cmd.run(List.of("dig", "@127.0.0.1", "-p", String.valueOf(port), "+tcp", "+norec",
                "+noall", "+answer", "+time=2", "+tries=1", name, type), "", LIMIT).check().out();
        return Arrays.stream(out.split("\n")).map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(s -> !s.isEmpty()).sorted().toList();
    }

    /** Runs {@code nsupdate -k} with the rig's key on {@code commands} (one per line, without server and send). */
    @Override
    public void nsupdate(String zone, String... commands) {
        String script = "server 127.0.0.1 " + port + "\nzone " + zone + "\n" + String.join("\n", commands) + "\nsend\n";
        Cmd.run(List.of("nsupdate", "-k", dir.resolve("key.conf").toString()), script, LIMIT).check();
    }

    /** Stops named (SIGTERM, then SIGKILL) and waits for it. */
    @Override
    public void stop() throws InterruptedException {
        if (named != null && named.isAlive()) {
            named.destroy();
            if (!named.waitFor(10, TimeUnit.SECONDS)) {
                named.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the reaper runs anyway
        }
    }

    private void kill() {
        if (named != null) {
            named.destroyForcibly();
        }
    }

    private void run() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("named", "-g", "-n", "1", "-c", dir.resolve("named.conf").toString());
        pb.directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("named.log").toFile()));
        named = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!named.isAlive()) {
                throw new IllegalStateException("named exited " + named.exitValue() + "; see " + dir.resolve("named.log"));
            }
            if (accepts() && Files.readString(dir.resolve("named.log")).contains("running")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("named did not listen on " + server() + "; see " + dir.resolve("named.log"));
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("named.conf"), BindFiles.namedConf(dir, port, KEY, List.of(ZONE, OTHER_ZONE)));
        Files.writeString(dir.resolve(ZONE + "zone"), BindFiles.zone(ZONE, """
                dc-a IN A 192.0.2.10
                dc-b IN A 192.0.2.11
                foreign IN A 192.0.2.50
                foreign IN TXT "hand-made"
                """));
        Files.writeString(dir.resolve(OTHER_ZONE + "zone"), BindFiles.zone(OTHER_ZONE, ""));
    }
}
