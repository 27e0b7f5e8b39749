package io.converge.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP server (Debian's {@code slapd} + {@code ldap-utils}) for one test class: its own slapd.conf,
 * mdb database and TLS certificate under {@code target/slapd-<id>/}, listening on free 127.0.0.1 ports for
 * {@code ldap://} and {@code ldaps://} (a CA of its own, made with {@code openssl}), run in the foreground by the
 * test (no system service) with its {@code stats} log in {@code slapd.log}, seeded with {@code ldapadd}. The data survives {@link #stop()} and {@link #start()}.
 *
 * <p>The directory: {@value #BASE}; users alice and bob under {@value #PEOPLE} (uid, cn, mail, hashed
 * userPassword); the service account {@value #BIND_DN}; groupOfNames admins (alice) and staff (alice, bob) under
 * {@code ou=groups}, with {@code memberOf} kept by the memberof overlay. Only bound users may read (no anonymous
 * search), so a search proves the service account's bind.
 */
public final class SlapdRig implements AutoCloseable {
    public static final String BASE = "dc=example,dc=jp";
    public static final String PEOPLE = "ou=people,dc=example,dc=jp";
    public static final String BIND_DN = "cn=proxy,ou=services,dc=example,dc=jp";
    public static final String BIND_PASSWORD = "proxy-Pw-7c1e";
    public static final String ALICE_PASSWORD = "alice-Pw-1";
    public static final String BOB_PASSWORD = "bob-Pw-2";
    private static final String ROOT_DN = "cn=admin,dc=example,dc=jp";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final String rootPassword = "root-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private Process process;

    public SlapdRig() throws IOException {
        dir = Path.of("target", "slapd-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff)))
                .toAbsolutePath();
        Files.createDirectories(dir.resolve("db"));
        port = ConsulAgent.freePort();
        tlsPort = ConsulAgent.freePort();
    }

    /** {@code ldap://127.0.0.1:<port>} */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** {@code ldaps://127.0.0.1:<port>}, with a certificate for IP 127.0.0.1 signed by {@link #caFile()}. */
    public String tlsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    /** The PEM certificate of the rig's own CA. */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /** Writes the configuration and certificates, starts slapd, seeds the directory; returns once it answers. */
    public SlapdRig startSeeded() throws Exception {
        SlapdFiles.writeCertificates(dir);
        Files.writeString(dir.resolve("slapd.conf"), SlapdFiles.config(dir, ROOT_DN, hash(rootPassword)));
        Cmd.run(List.of("slaptest", "-u", "-f", dir.resolve("slapd.conf").toString()), "", LIMIT).check();
        start();
        String ldif = SlapdFiles.seed(hash(BIND_PASSWORD), hash(ALICE_PASSWORD), hash(BOB_PASSWORD));
        Cmd.run(List.of("ldapadd", "-x", "-H", url(), "-D", ROOT_DN, "-w", rootPassword), ldif, LIMIT).check();
        return this;
    }

    /** Starts slapd on the same data and ports; returns once it accepts connections. */
    public void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("slapd", "-d", "stats", "-f", dir.resolve("slapd.conf").toString(),
                "-h", url() + "/ " + tlsUrl() + "/");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("slapd.log").toFile()));
        process = pb.start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "slapd-rig-stop"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited " + process.exitValue() + "; see " + dir.resolve("slapd.log"));
            }
            if (accepts(port) && accepts(tlsPort)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("slapd did not listen on " + url() + "; see " + dir.resolve("slapd.log"));
    }

    /** Stops slapd (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * How many simple binds slapd has received so far as anyone but the service account and the administrator
     * (its {@code stats} log, which the rig keeps in {@code slapd.log}).
     */
    public long userBinds() throws IOException {
        try (var lines = Files.lines(dir.resolve("slapd.log"))) {
            return lines.filter(l -> l.contains(" BIND dn=\"") && l.endsWith(" method=128"))
                    .filter(l -> !l.contains("dn=\"" + BIND_DN + "\"") && !l.contains("dn=\"" + ROOT_DN + "\"")).count();
        }
    }

    /** How many StartTLS extended operations slapd has received so far (its {@code stats} log). */
    public long startTlsUpgrades() throws IOException {
        try (var lines = Files.lines(dir.resolve("slapd.log"))) {
            return lines.filter(l -> l.contains(" EXT oid=1.3.6.1.4.1.1466.20037")).count();
        }
    }

    /** Sets a user's password as the directory's administrator would. */
    public void setPassword(String userDn, String password) {
        Cmd.run(List.of("ldappasswd", "-x", "-H", url(), "-D", ROOT_DN, "-w", rootPassword, "-s", password, userDn),
                "", LIMIT).check();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static String hash(String password) {
        return Cmd.run(List.of("slappasswd", "-h", "{SSHA}", "-s", password), "", LIMIT).check().out().strip();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
